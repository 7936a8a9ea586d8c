// pion-viewers: many WHEP viewers of the server's broadcast in one light
// process, for `webrtc-bench viewers --pion-viewers`. Each viewer is a Pion
// PeerConnection (another WebRTC stack: NACK, receiver reports and
// transport-wide congestion control feedback, as a browser sends) that
// receives the video (and with -audio the audio, drained uncounted) and
// counts video frames from the RTP packets without decoding, so that the
// load generator costs the shared machine far less than a libwebrtc viewer,
// which keeps a whole receive stream per viewer.
//
// Driven over stdin and stdout, one command per line:
//
//	add N     connect viewers until there are N; prints "ok N" once every
//	          WHEP answer is applied, or "error <text>"
//	counts    prints "counts F1 F2 ..." (frames received per viewer, in the
//	          order they were added)
//	joins     prints "joins J1 J2 ..." (ms from a viewer's answer to its
//	          first complete frame; -1 while none has come)
//	quit      closes every viewer and exits
//
// A frame is counted at each RTP packet with the marker bit (the last packet
// of a VP8 or H.264 frame, RFC 7741 and RFC 6184).
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pion/interceptor"
	"github.com/pion/webrtc/v3"
)

type viewer struct {
	pc       *webrtc.PeerConnection
	answered time.Time
	frames   atomic.Int64
	firstNs  atomic.Int64 // ns from answered to the first frame; 0: none yet
}

func newAPI() (*webrtc.API, error) {
	media := &webrtc.MediaEngine{}
	if err := media.RegisterDefaultCodecs(); err != nil {
		return nil, err
	}
	registry := &interceptor.Registry{}
	if err := webrtc.RegisterDefaultInterceptors(media, registry); err != nil {
		return nil, err
	}
	settings := webrtc.SettingEngine{}
	settings.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	settings.SetIncludeLoopbackCandidate(true)
	return webrtc.NewAPI(webrtc.WithMediaEngine(media), webrtc.WithInterceptorRegistry(registry),
		webrtc.WithSettingEngine(settings)), nil
}

// connect plays the broadcast at whepURL with one new PeerConnection.
func connect(api *webrtc.API, whepURL string, audio bool) (*viewer, error) {
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, err
	}
	v := &viewer{pc: pc}
	fail := func(err error) (*viewer, error) {
		pc.Close()
		return nil, err
	}
	if _, err := pc.AddTransceiverFromKind(webrtc.RTPCodecTypeVideo,
		webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionRecvonly}); err != nil {
		return fail(err)
	}
	if audio {
		if _, err := pc.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio,
			webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionRecvonly}); err != nil {
			return fail(err)
		}
	}
	pc.OnTrack(func(track *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		// Runs on a goroutine of its own per track; ends when the track does.
		video := track.Kind() == webrtc.RTPCodecTypeVideo
		buffer := make([]byte, 1500)
		for {
			// Raw: the marker bit is the top bit of the second octet.
			n, _, err := track.Read(buffer)
			if err != nil {
				return
			}
			if video && n >= 12 && buffer[1]&0x80 != 0 {
				if v.frames.Add(1) == 1 {
					v.firstNs.Store(int64(time.Since(v.answered)) | 1)
				}
			}
		}
	})
	offer, err := pc.CreateOffer(nil)
	if err != nil {
		return fail(err)
	}
	gathered := webrtc.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(offer); err != nil {
		return fail(err)
	}
	<-gathered
	response, err := http.Post(whepURL, "application/sdp",
		bytes.NewBufferString(pc.LocalDescription().SDP))
	if err != nil {
		return fail(err)
	}
	body, err := io.ReadAll(response.Body)
	response.Body.Close()
	if err != nil {
		return fail(err)
	}
	if response.StatusCode != http.StatusCreated {
		return fail(fmt.Errorf("WHEP POST: %d %s", response.StatusCode,
			strings.TrimSpace(string(body))))
	}
	v.answered = time.Now()
	if err := pc.SetRemoteDescription(webrtc.SessionDescription{
		Type: webrtc.SDPTypeAnswer, SDP: string(body)}); err != nil {
		return fail(err)
	}
	return v, nil
}

func main() {
	url := flag.String("url", "http://127.0.0.1:3000", "the server")
	audio := flag.Bool("audio", false, "take the broadcast's audio too")
	flag.Parse()
	api, err := newAPI()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pion-viewers:", err)
		os.Exit(1)
	}
	var viewers []*viewer
	defer func() { // on "quit" or the end of stdin
		for _, v := range viewers {
			v.pc.Close()
		}
	}()
	out := bufio.NewWriter(os.Stdout)
	reply := func(format string, args ...any) {
		fmt.Fprintf(out, format+"\n", args...)
		out.Flush()
	}
	// "<name> V1 V2 ...": one value per viewer, in the order added.
	report := func(name string, value func(*viewer) int64) {
		var b strings.Builder
		b.WriteString(name)
		for _, v := range viewers {
			fmt.Fprintf(&b, " %d", value(v))
		}
		reply("%s", b.String())
	}
	lines := bufio.NewScanner(os.Stdin)
	for lines.Scan() {
		fields := strings.Fields(lines.Text())
		if len(fields) == 0 {
			continue
		}
		switch fields[0] {
		case "add":
			if len(fields) != 2 {
				reply("error usage: add N")
				continue
			}
			n, err := strconv.Atoi(fields[1])
			if err != nil {
				reply("error usage: add N")
				continue
			}
			for err == nil && len(viewers) < n {
				var v *viewer
				if v, err = connect(api, *url+"/viewer/whep", *audio); err == nil {
					viewers = append(viewers, v)
				}
			}
			if err != nil {
				reply("error %s", strings.ReplaceAll(err.Error(), "\n", " "))
			} else {
				reply("ok %d", len(viewers))
			}
		case "counts":
			report("counts", func(v *viewer) int64 { return v.frames.Load() })
		case "joins":
			report("joins", func(v *viewer) int64 {
				if ns := v.firstNs.Load(); ns != 0 {
					return ns / int64(time.Millisecond)
				}
				return -1
			})
		case "quit":
			return
		default:
			reply("error unknown command %q", fields[0])
		}
	}
}
