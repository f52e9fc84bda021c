/**
 * The Rego editor: CodeMirror 6 with our Rego mode, and the control plane's compiler as
 * the linter. Every edit (debounced by the linter) sends the proposed module to the
 * dry-run endpoint; diagnostics for this module are drawn inline at their row/col, and the
 * whole report (other modules' errors, test results) goes to `onReport`.
 */
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter, lintKeymap, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { EditorState, type Text } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { useEffect, useRef } from 'preact/hooks';
import { api } from '../api/client';
import type { Diagnostic, DryRunReport } from '../api/types';
import { regoLanguage } from './rego-language';

const highlight = HighlightStyle.define([
  { tag: t.keyword, color: 'var(--tok-keyword)', fontWeight: '600' },
  { tag: [t.atom, t.bool, t.null], color: 'var(--tok-atom)' },
  { tag: t.number, color: 'var(--tok-number)' },
  { tag: t.string, color: 'var(--tok-string)' },
  { tag: t.comment, color: 'var(--tok-comment)', fontStyle: 'italic' },
  { tag: t.definition(t.variableName), color: 'var(--tok-def)', fontWeight: '600' },
  { tag: t.special(t.variableName), color: 'var(--tok-root)' },
  { tag: t.function(t.variableName), color: 'var(--tok-call)' },
  { tag: t.namespace, color: 'var(--tok-namespace)' },
  { tag: t.operator, color: 'var(--tok-operator)' },
]);

const theme = EditorView.theme({
  '&': { fontSize: '14px', border: '1px solid var(--border)', borderRadius: '6px', background: 'var(--surface)', color: 'var(--text)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', minHeight: '320px', maxHeight: '65vh' },
  '.cm-gutters': { background: 'var(--surface-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { background: 'var(--active-line)' },
  '.cm-activeLineGutter': { background: 'var(--active-line)' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
});

/** A compiler location (1-based row and col) as a document range. */
export function toRange(doc: Text, d: Diagnostic): { from: number; to: number } {
  const line = doc.line(Math.min(Math.max(d.location.row, 1), doc.lines));
  const from = Math.min(line.from + Math.max(d.location.col, 1) - 1, line.to);
  let to = from + (d.location.length ?? 0);
  if (to <= from) {
    // No length: underline the word at the position, or one character.
    const word = /^[\w.]+/.exec(line.text.slice(from - line.from))?.[0].length ?? 1;
    to = Math.min(from + word, Math.max(line.to, from + 1));
  }
  return { from, to: Math.min(to, doc.length) };
}

export interface EditorReport {
  readonly report: DryRunReport | null;
  readonly error: unknown;
}

export function RegoEditor(props: {
  policyId: string;
  initial: string;
  label: string;
  onChange: (source: string) => void;
  onReport: (r: EditorReport) => void;
  onView?: (view: EditorView | null) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  // Callbacks change every render; the editor is built once per policy and reads them through refs.
  const cb = useRef(props);
  cb.current = props;

  useEffect(() => {
    const file = `${props.policyId}.rego`;
    const compileLint = linter(
      async (view) => {
        const source = view.state.doc.toString();
        if (source.trim() === '') return [];
        try {
          const report = await api<DryRunReport>('POST', '/v1/policies/dry-run', { body: { policies: [{ id: props.policyId, source }] } });
          if (view.state.doc.toString() !== source) return []; // edited meanwhile: the next run reports
          cb.current.onReport({ report, error: null });
          return report.compile.diagnostics
            .filter((d) => d.location.file === file)
            .map((d): CmDiagnostic => ({ ...toRange(view.state.doc, d), severity: d.severity === 'warning' ? 'warning' : 'error', message: `${d.code}: ${d.message}`, source: 'vigil' }));
        } catch (error) {
          cb.current.onReport({ report: null, error });
          return [];
        }
      },
      { delay: 500 },
    );
    const view = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: props.initial,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          drawSelection(),
          history(),
          bracketMatching(),
          closeBrackets(),
          indentOnInput(),
          highlightSelectionMatches(),
          regoLanguage,
          syntaxHighlighting(highlight),
          lintGutter(),
          compileLint,
          keymap.of([indentWithTab, ...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap]),
          EditorState.tabSize.of(4),
          EditorView.contentAttributes.of({ 'aria-label': props.label, 'aria-describedby': 'editor-keys' }),
          EditorView.updateListener.of((u) => u.docChanged && cb.current.onChange(u.state.doc.toString())),
          theme,
        ],
      }),
    });
    cb.current.onView?.(view);
    return () => {
      cb.current.onView?.(null);
      view.destroy();
    };
    // The editor is rebuilt only when another policy is opened (initial text belongs to it).
  }, [props.policyId, props.initial]);

  return (
    <div>
      <div ref={host} class="editor" data-testid="rego-editor" />
      <small id="editor-keys" class="hint">
        Tab indents; press Esc then Tab to leave the editor. Ctrl-Shift-M lists problems, F8 jumps to the next one.
      </small>
    </div>
  );
}

/** Moves the cursor to a 1-based row/col and focuses the editor. */
export function revealRow(view: EditorView, row: number, col = 1): void {
  const line = view.state.doc.line(Math.min(Math.max(row, 1), view.state.doc.lines));
  const pos = Math.min(line.from + col - 1, line.to);
  view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
  view.focus();
}
