// audio-video-loopback, browser half: send this browser's camera and
// microphone, and show them next to what the server sends back.
// Loaded by web/shell.js; see there for beforeAnswer's contract.
import {playRemote, sendCamera, sideBySide} from '../web/video.js';

export async function beforeAnswer(pc, page) {
  const find =
      sideBySide(page.area, {sent: 'Sent: your camera', received: 'Received back from the server'});
  const local = await sendCamera(pc, find('local'), {audio: true});
  page.log(`sending ${local.getTracks().map((t) => t.kind).join(' and ')}`);
  const stopInfo = playRemote(pc, find('remote'), find('remote-info'));
  return () => {
    stopInfo();
    for (const track of local.getTracks()) track.stop();
  };
}
