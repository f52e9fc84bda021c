/**
 * The policy modules as a tree (ids split on ".": authz.rbac sits under authz), following
 * the WAI-ARIA tree pattern: one tab stop (roving tabindex), Up/Down move through the
 * visible items, Right opens a group or enters it, Left closes it or goes to the parent,
 * Home/End jump to the first/last item, Enter/Space open the policy (or toggle a group),
 * `*` opens every sibling group, and typing a name's first letters moves to it.
 * Mouse users get real links (a new tab on a modified click).
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PolicySummary } from '../api/types';
import { navigate, onLinkClick } from '../app/router';
import { buildTree, treeKey, typeahead, visibleItems, type VisibleItem } from './tree-model';

const hrefOf = (p: PolicySummary) => `/policies/${encodeURIComponent(p.id)}`;

export function PolicyTree(props: { policies: readonly PolicySummary[]; selected: string | null }) {
  const root = useMemo(() => buildTree(props.policies), [props.policies]);
  // Groups start open; the set records what the user closed, so new groups appear open.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const items = useMemo(() => visibleItems(root, collapsed), [root, collapsed]);
  const [focused, setFocused] = useState<string | null>(null);
  const elements = useRef(new Map<string, HTMLLIElement>());
  const moveFocus = useRef(false);
  const typed = useRef({ text: '', at: 0 });

  // The selected policy is never hidden inside a closed group.
  useEffect(() => {
    if (!props.selected) return;
    const parts = props.selected.split('.');
    const ancestors = parts.slice(1).map((_, n) => parts.slice(0, n + 1).join('.'));
    if (ancestors.some((a) => collapsed.has(a))) setCollapsed(new Set([...collapsed].filter((k) => !ancestors.includes(k))));
  }, [props.selected]);

  // The one tab stop: the focused item if still visible, else the selected policy, else the first item.
  const tabStop = items.find((x) => x.node.key === focused)?.node.key ?? items.find((x) => x.node.policy?.id === props.selected)?.node.key ?? items[0]?.node.key;

  // Layout effect: focus moves in the same task as the key press, not a frame later.
  useLayoutEffect(() => {
    if (!moveFocus.current || !tabStop) return;
    moveFocus.current = false;
    elements.current.get(tabStop)?.focus();
  });

  const focusItem = (key: string) => {
    moveFocus.current = true;
    setFocused(key);
  };
  const toggle = (key: string, open: boolean) => {
    const next = new Set(collapsed);
    if (open) next.delete(key);
    else next.add(key);
    setCollapsed(next);
  };

  function onKeyDown(e: KeyboardEvent) {
    if (!tabStop || e.altKey || e.ctrlKey || e.metaKey) return;
    const move = treeKey(items, collapsed, tabStop, e.key);
    if (move) {
      e.preventDefault();
      e.stopPropagation();
      if ('focus' in move) focusItem(move.focus);
      else if ('toggle' in move) toggle(move.toggle, move.open);
      else if ('activate' in move) {
        const item = items.find((x) => x.node.key === move.activate)!;
        navigate(hrefOf(item.node.policy!));
      } else {
        const parent = items.find((x) => x.node.key === move.expandSiblings)!.parent ?? '';
        setCollapsed(new Set([...collapsed].filter((k) => !items.some((x) => x.node.key === k && (x.parent ?? '') === parent))));
      }
      return;
    }
    if (e.key.length === 1 && /\S/.test(e.key)) {
      const now = Date.now();
      const text = now - typed.current.at < 700 ? typed.current.text + e.key : e.key;
      typed.current = { text, at: now };
      const hit = typeahead(items, tabStop, text);
      if (hit) {
        e.preventDefault();
        focusItem(hit);
      }
    }
  }

  const byParent = useMemo(() => {
    const m = new Map<string, VisibleItem[]>();
    for (const x of items) m.set(x.parent ?? '', [...(m.get(x.parent ?? '') ?? []), x]);
    return m;
  }, [items]);

  const render = (parentKey: string) => (
    <>
      {(byParent.get(parentKey) ?? []).map((x) => {
          const n = x.node;
          const isGroup = n.children.size > 0;
          const open = isGroup && !collapsed.has(n.key);
          const selected = n.policy !== undefined && n.policy.id === props.selected;
          const label = n.policy ? `${n.name} (version ${n.policy.version})` : `${n.name} (group)`;
          return (
            <li
              key={n.key}
              role="treeitem"
              aria-label={label}
              aria-level={x.level}
              aria-posinset={x.pos}
              aria-setsize={x.size}
              aria-expanded={isGroup ? open : undefined}
              aria-selected={n.policy ? selected : undefined}
              tabIndex={n.key === tabStop ? 0 : -1}
              data-key={n.key}
              ref={(el) => {
                if (el) elements.current.set(n.key, el);
                else elements.current.delete(n.key);
              }}
              onFocus={(e) => e.target === e.currentTarget && setFocused(n.key)}
            >
              <div class={`tree-row${selected ? ' tree-selected' : ''}`} style={{ paddingLeft: `${(x.level - 1) * 0.85 + 0.2}rem` }}>
                {isGroup ? (
                  <span class={`tree-toggle${open ? ' open' : ''}`} aria-hidden="true" onClick={(e) => (e.stopPropagation(), toggle(n.key, !open), focusItem(n.key))}>
                    ▸
                  </span>
                ) : (
                  <span class="tree-toggle" aria-hidden="true" />
                )}
                {n.policy ? (
                  <a href={hrefOf(n.policy)} tabIndex={-1} class="tree-leaf" onClick={(e) => (setFocused(n.key), onLinkClick(e))}>
                    <span class="tree-name">{n.name}</span>
                    <span class="badge" aria-hidden="true">
                      v{n.policy.version}
                    </span>
                  </a>
                ) : (
                  <span class="tree-group" onClick={() => (toggle(n.key, !open), focusItem(n.key))}>
                    {n.name}
                  </span>
                )}
              </div>
              {open && <ul role="group">{render(n.key)}</ul>}
            </li>
          );
      })}
    </>
  );

  return (
    <ul role="tree" aria-label="Policy modules" class="tree" onKeyDown={onKeyDown}>
      {render('')}
    </ul>
  );
}
