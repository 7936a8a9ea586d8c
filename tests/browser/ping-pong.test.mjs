// What a person sees: the index lists ping-pong; on its page, Start brings
// pongs within 5 s and Stop leaves no open connection on the server.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {eventually, screenshot, useServerAndBrowser, watchErrors} from './harness.mjs';

const env = useServerAndBrowser();

const openConnections = () => env.server.openConnections('ping-pong');

test('the index lists ping-pong, from the server\'s registry', async () => {
  const page = await env.browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/`);
  const link = page.getByRole('link', {name: 'ping-pong', exact: true});
  await link.waitFor({timeout: 5000});
  assert.equal(
      await link.getAttribute('href'), 'ping-pong/');  // relative: see tests/deploy/nginx.test.mjs
  const registry = await env.server.json('/examples.json');
  const shown = await page.locator('#examples a').allTextContents();
  assert.deepEqual(shown, registry.map((example) => example.name));
  await screenshot(page, 'index');
  assert.deepEqual(errors, []);
  await page.close();
});

test('ping-pong: Start shows pongs within 5 s, Stop closes the connection', async () => {
  const page = await env.browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/ping-pong/`);
  // The page is ready once it has its description and has enabled Start.
  await page.waitForFunction(
      () => !document.getElementById('start').disabled, null, {timeout: 5000});
  assert.equal(await page.getByRole('heading', {level: 1}).textContent(), 'ping-pong');
  assert.match(await page.locator('#description').textContent(), /"ping"/);
  await screenshot(page, 'ping-pong-ready');

  await page.getByRole('button', {name: 'Start'}).click();
  // Two pongs: the first ping leaves when the channel opens, the next one a
  // second later, so this also shows the pings keep going.
  await page.waitForFunction(
      () => Number(document.getElementById('pong-count')?.textContent) >= 2, null, {timeout: 5000});
  assert.match(
      await page.locator('#pongs li').first().textContent(), /^pong 2: round trip \d+\.\d ms$/);
  assert.match(await page.locator('#trail').textContent(), /new.*checking.*connected/);
  assert.equal((await openConnections()).length, 1, 'the server holds our connection');
  await screenshot(page, 'ping-pong-running');

  await page.getByRole('button', {name: 'Stop'}).click();
  await page.waitForFunction(
      () => document.querySelector('#trail li:last-child')?.textContent === 'closed', null,
      {timeout: 5000});
  await eventually(
      async () => (await openConnections()).length === 0, 3000,
      'GET /ping-pong/connections still lists an open connection');
  assert.equal(await page.getByRole('button', {name: 'Start'}).isEnabled(), true);
  await screenshot(page, 'ping-pong-stopped');
  assert.deepEqual(errors, []);
  await page.close();
});
