// A page opened over plain http from another host is not a secure context:
// browsers then hide navigator.mediaDevices. Camera pages must say what to
// do about it; data-channel pages must work all the same.
//
// A real non-secure context, on loopback: chromium resolves the made-up
// host name below to 127.0.0.1, and only "localhost" names and loopback
// addresses count as trustworthy, so http://insecure.test:PORT/ does not.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';

import {launchBrowser, screenshot, startServer, watchErrors} from '../browser/harness.mjs';

const kHost = 'insecure.test';
const env = {
  server: null,
  browser: null,
  url: null
};

before(async () => {
  env.server = await startServer();
  env.browser = await launchBrowser({args: [`--host-resolver-rules=MAP ${kHost} 127.0.0.1`]});
  env.url = env.server.url.replace('127.0.0.1', kHost);
});

after(async () => {
  await env.browser?.close();
  assert.equal(await env.server?.stop(), 0, env.server?.output());
});

async function open(name) {
  const page = await env.browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.url}/${name}/`);
  await page.waitForFunction(
      () => !document.getElementById('start').disabled, null, {timeout: 5000});
  const context = await page.evaluate(
      () => ({secure: window.isSecureContext, mediaDevices: typeof navigator.mediaDevices}));
  assert.deepEqual(context, {secure: false, mediaDevices: 'undefined'}, 'not a secure context');
  return {page, errors};
}

test('a camera page says the camera needs https or localhost', async () => {
  const {page, errors} = await open('audio-video-loopback');
  assert.match(await page.locator('#log').textContent(), /not a secure context/);
  await page.getByRole('button', {name: 'Start'}).click();
  await page.waitForFunction(
      () => /^Could not connect/.test(document.getElementById('status').textContent), null,
      {timeout: 5000});
  const status = await page.locator('#status').textContent();
  assert.match(status, /camera and microphone need a secure page: https, or http on localhost/);
  assert.match(status, /--tls-self-signed/);
  assert.match(status, /README/);
  assert.doesNotMatch(status, /Cannot read properties/);
  assert.equal(await page.getByRole('button', {name: 'Start'}).isEnabled(), true);
  // Nothing stays open on the server.
  assert.deepEqual(await env.server.openConnections('audio-video-loopback'), []);
  await screenshot(page, 'insecure-context-camera');
  assert.deepEqual(errors, []);
  await page.close();
});

test('ping-pong works in a non-secure context', async () => {
  const {page, errors} = await open('ping-pong');
  await page.getByRole('button', {name: 'Start'}).click();
  await page.waitForFunction(
      () => Number(document.getElementById('pong-count')?.textContent) >= 2, null, {timeout: 5000});
  await page.getByRole('button', {name: 'Stop'}).click();
  await page.waitForFunction(
      () => /^Stopped/.test(document.getElementById('status').textContent), null, {timeout: 5000});
  assert.deepEqual(errors, []);
  await page.close();
});
