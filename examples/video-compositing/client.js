// video-compositing, browser half: send this browser's camera and show what
// the server draws from it: 640x480 with a spinning, colour-cycling title.
// Loaded by web/shell.js; see there for beforeAnswer's contract.
import {playRemote, sendCamera, sideBySide} from '../web/video.js';

export async function beforeAnswer(pc, page) {
  const find =
      sideBySide(page.area, {sent: 'Sent: your camera', received: 'Composited by the server'});
  const local = await sendCamera(pc, find('local'));
  page.log('sending the camera; the server draws over it and sends it back');
  const stopInfo = playRemote(pc, find('remote'), find('remote-info'));
  return () => {
    stopInfo();
    for (const track of local.getTracks()) track.stop();
  };
}
