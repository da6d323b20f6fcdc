/** The portal's entry: connect the bridge, build the store, route kernel events into it, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectBridge } from './bridge';
import { createAppStore, installStore } from './stores/store';
import { applyKernelEvent } from './stores/events';
import { App } from './components/App';
import './styles.css';
// After the base styles, which it narrows.
import './narrow.css';

const bridge = connectBridge();
const store = createAppStore(bridge.api);
installStore(store);
bridge.api.onEvent((event) => applyKernelEvent(store, event));

let wasOpen = false;
bridge.onConnection((state) => {
  store.getState().setConnection(state);
  if (state === 'open') {
    // (Re)load what the views show: after a reconnect the kernel may have changed meanwhile.
    const s = store.getState();
    void s.loadSkills();
    void s.loadTimers();
    void s.loadSettings();
    if (wasOpen) s.pushToast({ kind: 'success', title: 'Reconnected to the kernel' });
    wasOpen = true;
  }
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App bridge={bridge.api} mode={bridge.mode} />
  </StrictMode>,
);
