// What a person sees on /record-audio-video-stream/: Start records chromium's
// fake camera and microphone; after Stop the page links the server's file,
// and that file plays in a <video> element.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {eventually, openAndStart, playRecording, screenshot, useServerAndBrowser} from './harness.mjs';

const env = useServerAndBrowser();
const name = 'record-audio-video-stream';

test(`${name}: 3 s recorded, then the file plays in the page`, async () => {
  const {page, errors} = await openAndStart(env, name);
  await page.waitForFunction(() => {
    const video = document.getElementById('local');
    return video && video.currentTime > 0;
  }, null, {timeout: 10000});
  await page.waitForFunction(
      () => /connected/.test(document.getElementById('trail')?.textContent), null,
      {timeout: 10000});
  await new Promise((done) => setTimeout(done, 3000));
  await page.getByRole('button', {name: 'Stop'}).click();

  const link = page.locator('#recording-link');
  await link.waitFor({timeout: 15000});
  const url = await link.getAttribute('href');
  // Relative to the page (/record-audio-video-stream/), so a proxy's path
  // prefix stays: ../ is the site's root, where the server's url starts.
  assert.match(url, /^\.\.\/record-audio-video-stream\/recordings\/[0-9a-f-]+\.webm$/);
  const listed = await env.server.json(`/${name}/recordings`);
  assert.ok(listed.some((r) => `..${r.url}` === url), `listed: ${JSON.stringify(listed)}`);

  // The page's own <video> loads the file and plays it.
  const played = await playRecording(page);
  console.log(`recording plays: ${JSON.stringify(played)}`);
  assert.ok(played.width > 0 && played.height > 0, JSON.stringify(played));
  assert.ok(played.time > 0.5, JSON.stringify(played));
  await screenshot(page, `${name}-played`);
  await eventually(
      async () => (await env.server.openConnections(name)).length === 0, 5000,
      'the server closed the connection');
  assert.deepEqual(errors, []);
  await page.close();
});
