// The datachannel-buffer-limits echo from a foreign WebRTC stack: a Node
// client on npm's @roamhq/wrtc 0.10.0 (the maintained node-webrtc), running
// echo-core.mjs (which says what a run does). @roamhq/wrtc 0.10.0 never
// fires 'bufferedamountlow' (its RTCDataChannel has neither
// bufferedAmountLowThreshold nor the event): the client also looks every
// --poll-ms (1 ms).
//
// Works against this server and the original node-webrtc example server: it
// speaks only what both accept (no "#READY"; it waits for the channel's open
// and 200 ms, as the original's page waits 200 ms), and opens a fresh
// connection for every run. It posts its answer without waiting for its own
// ICE gathering, as the original's client does; --wait-gathering waits (both
// servers connect either way).
//
//   node echo.mjs --url http://127.0.0.1:4210 [--mib 16] [--chunk-kib 64] [--runs 9]
//                 [--high-kib 1024] [--low-kib 256] [--poll-ms 1] [--settle-ms 200] [--stall-s 30]
//                 [--wait-gathering] [--only-address 127.0.0.1] [--json] [--quiet]
import wrtc from '@roamhq/wrtc';

import {parseArgs, report} from './cli.mjs';
import {echoRuns} from './echo-core.mjs';

const o = parseArgs('echo.mjs', process.argv.slice(2));
globalThis.RTCPeerConnection = wrtc.RTCPeerConnection;
echoRuns(o).then((results) => {
  report(o, results, '@roamhq/wrtc');
  process.exit(0);
}, (error) => {
  console.error(`echo.mjs: ${error.message}`);
  process.exit(1);
});
