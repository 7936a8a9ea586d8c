// The SDP munging of web/ConnectionClient.js, in node: no browser needed.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {withStereoOpus} from '../../web/ConnectionClient.js';

const answer = [
  'v=0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  '',
].join('\r\n');

test('stereo=1 goes on the opus fmtp line only', () => {
  const munged = withStereoOpus(answer);
  assert.match(munged, /^a=fmtp:111 minptime=10;useinbandfec=1;stereo=1\r$/m);
  assert.match(munged, /^a=fmtp:63 111\/111\r$/m);
  assert.equal(munged.split('\r\n').length, answer.split('\r\n').length);
});

test('stereo munging is idempotent and leaves SDP without opus alone', () => {
  assert.equal(withStereoOpus(withStereoOpus(answer)), withStereoOpus(answer));
  const video = 'v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n';
  assert.equal(withStereoOpus(video), video);
});
