// Which controls an embedded figure shows, read from its frame (web/embed/frame.js
// puts the player buttons and the preset's settings controls around the view's
// body, each with a data-testid), so a view's notes never mention a control the
// reader cannot see (controls="none" shows none, "minimal" the essential ones).

/**
 * Whether the figure around `body` shows a control: a setting's key
 * ('evalMode', 'learningRate', …) or a player button ('play', 'reset', 'step', 'new-seed').
 * @param {HTMLElement} body the view's container inside the frame
 * @param {string} name
 */
export function shows(body, name) {
  const frame = body.closest('.bnl') ?? body.getRootNode();
  return !!frame.querySelector?.(`[data-testid="control-${name}"], [data-testid="${name}"]`);
}
