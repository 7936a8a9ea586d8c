// When the server closes a connection the page did not close (a DELETE
// from elsewhere, the server's own timeouts, its shutdown), the page says
// so, ends its side and can start again, instead of waiting forever.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {eventually, launchBrowser, openAndStart, screenshot, startServer, useServerAndBrowser} from './harness.mjs';

const env = useServerAndBrowser();

// The status line once the page has taken in that the server closed.
const kClosedByServer = 'The server closed this connection. Press Start to connect again.';

// Connected for real, DTLS and all: what comes back over the connection
// shows (a pong, or the echoed video playing).
const kFlowing = {
  'ping-pong': () => Number(document.getElementById('pong-count')?.textContent) >= 1,
  'audio-video-loopback': () => document.getElementById('remote')?.currentTime > 0,
};

async function waitConnected(page, name) {
  await page.waitForFunction(kFlowing[name], null, {timeout: 10000});
}

async function deleteOnlyConnection(name) {
  const [open] = await env.server.openConnections(name);
  assert.ok(open, `the server holds no open ${name} connection`);
  const response =
      await fetch(`${env.server.url}/${name}/connections/${open.id}`, {method: 'DELETE'});
  assert.equal(response.status, 200);
}

// ping-pong has a data channel; audio-video-loopback has only media, so
// there the page learns it from the DTLS transport closing.
for (const name of ['ping-pong', 'audio-video-loopback']) {
  test(`${name}: a DELETE from elsewhere shows on the page within 3 s`, async () => {
    const {page, errors} = await openAndStart(env, name);
    await waitConnected(page, name);
    const deletedAt = Date.now();
    await deleteOnlyConnection(name);
    await page.waitForFunction(
        (text) => document.getElementById('status').textContent === text, kClosedByServer,
        {timeout: 3000});
    console.log(`${name}: the page said so after ${Date.now() - deletedAt} ms`);
    assert.equal(await page.locator('#trail li:last-child').textContent(), 'closed');
    assert.match(await page.locator('#log').textContent(), /The server closed this connection/);
    // Its side is closed too, and Start works again.
    assert.equal(await page.getByRole('button', {name: 'Stop'}).isEnabled(), false);
    assert.equal(await page.getByRole('button', {name: 'Start'}).isEnabled(), true);
    await screenshot(page, `${name}-closed-by-server`);
    await page.getByRole('button', {name: 'Start'}).click();
    await waitConnected(page, name);
    await page.getByRole('button', {name: 'Stop'}).click();
    await eventually(
        async () => (await env.server.openConnections(name)).length === 0, 5000,
        'the second connection closed on Stop');
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('ping-pong: a server that shuts down shows on the page', async () => {
  // A server of its own, since this one stops in the middle.
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const {page} = await openAndStart({server, browser}, 'ping-pong');
    await waitConnected(page, 'ping-pong');
    assert.equal(await server.stop(), 0, server.output());
    await page.waitForFunction(
        () => /^The server closed this connection\. Press Start/.test(
            document.getElementById('status').textContent),
        null, {timeout: 5000});
    assert.equal(await page.locator('#trail li:last-child').textContent(), 'closed');
    assert.equal(await page.getByRole('button', {name: 'Start'}).isEnabled(), true);
  } finally {
    await browser.close();
    await server.stop();
  }
});
