// What a person sees on the video pages: with chromium's fake camera, the
// video the server sends back plays (frames decoded, time advancing).
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {eventually, openAndStart, screenshot, useServerAndBrowser, waitUntilPlaying} from './harness.mjs';

const env = useServerAndBrowser();

// Opens /NAME/, presses Start, and waits for the server's video to play.
async function startAndPlay(name) {
  const {page, errors} = await openAndStart(env, name);
  const remote = await waitUntilPlaying(page, 'remote');
  console.log(`${name}: remote video ${JSON.stringify(remote)}`);
  assert.ok(remote.frames > 10, `frames decoded: ${remote.frames}`);
  return {page, errors, remote};
}

async function stopAndClose(page, name, errors) {
  await page.getByRole('button', {name: 'Stop'}).click();
  await eventually(
      async () => (await env.server.openConnections(name)).length === 0, 5000,
      'the server closes the connection');
  assert.deepEqual(errors, []);
  await page.close();
}

test('audio-video-loopback: the camera comes back and plays', async () => {
  const name = 'audio-video-loopback';
  const {page, errors} = await startAndPlay(name);
  await screenshot(page, `${name}-playing`);
  await stopAndClose(page, name, errors);
});

test('video-compositing: the composited 640x480 picture plays', async () => {
  const name = 'video-compositing';
  const {page, errors, remote} = await startAndPlay(name);
  assert.deepEqual([remote.width, remote.height], [640, 480]);
  await screenshot(page, `${name}-playing`);
  await stopAndClose(page, name, errors);
});

test('viewer: says none is live, then plays a broadcast from another page', async () => {
  const {page: viewer, errors} = await openAndStart(env, 'viewer');
  await viewer.waitForFunction(
      () => document.getElementById('broadcast')?.dataset.state === 'waiting', null,
      {timeout: 10000});
  await screenshot(viewer, 'viewer-waiting');

  const {page: broadcaster, errors: broadcasterErrors} = await openAndStart(env, 'broadcaster');
  await broadcaster.waitForFunction(
      () => document.getElementById('viewers')?.textContent === '1', null, {timeout: 10000});
  await screenshot(broadcaster, 'broadcaster-live');

  const remote = await waitUntilPlaying(viewer, 'remote');
  console.log(`viewer: remote video ${JSON.stringify(remote)}`);
  assert.equal(await viewer.locator('#broadcast').getAttribute('data-state'), 'live');
  // What plays is the broadcaster's own encoded video, relayed.
  assert.equal(await env.server.metric('webrtc_examples_relay_peers{mode="relay"}'), 1);
  assert.equal(await env.server.metric('webrtc_examples_relay_switches_total{to="reencode"}'), 0);
  assert.ok(await env.server.metric('webrtc_examples_relay_frames_sent_total') > 30);
  await screenshot(viewer, 'viewer-playing');

  await stopAndClose(broadcaster, 'broadcaster', broadcasterErrors);
  await viewer.waitForFunction(
      () => document.getElementById('broadcast')?.dataset.state === 'waiting', null,
      {timeout: 10000});
  await stopAndClose(viewer, 'viewer', errors);
});
