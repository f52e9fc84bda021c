import { render } from 'preact';
import { liveListenerCount } from './api/live';
import { App } from './app/app';
import './styles.css';

// Counters a person (or the browser test) can read from the console: a listener count that
// grows with navigation would be a leak.
Object.assign(window, { vigilDiagnostics: { liveListeners: liveListenerCount } });

render(<App />, document.getElementById('app')!);
