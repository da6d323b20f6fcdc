// The notification stack and the open view's notice, rendered: one "Dismiss all" for several toasts, a view's own news in the view.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { scriptedBridge } from '../stores/test-bridge';
import { installStore } from '../stores/store';
import { Toasts, ViewNotice } from './Toasts';

function setup() {
  const { store } = scriptedBridge({});
  // Server rendering reads the store's initial state: make it the live one.
  store.getInitialState = store.getState;
  installStore(store);
  return store;
}

describe('notifications', () => {
  it('offers one "Dismiss all" once there are several', () => {
    const store = setup();
    store.getState().pushToast({ kind: 'reminder', title: 'Reminder: stretch' });
    expect(renderToStaticMarkup(<Toasts />)).not.toContain('Dismiss all');
    store.getState().pushToast({ kind: 'info', title: 'Automation: remind me to stretch' });
    const html = renderToStaticMarkup(<Toasts />);
    expect(html).toMatch(/Dismiss all (<!-- -->)?2/);
    expect(html.match(/class="toast /g)).toHaveLength(2);
  });

  it("shows the open view's news in the view, not in the stack", () => {
    const store = setup();
    store.getState().setView('permissions');
    store.getState().pushToast({ kind: 'success', title: 'Permission revoked', body: 'The skill will ask again before it does that.', view: 'permissions' });
    expect(renderToStaticMarkup(<Toasts />)).not.toContain('Permission revoked');
    expect(renderToStaticMarkup(<ViewNotice />)).toMatch(/class="view-notice success" role="status"[\s\S]*Permission revoked/);
  });
});
