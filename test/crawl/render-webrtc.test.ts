import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createServer, type Server } from "node:http";
import { type AddressInfo, createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BROWSER_NETWORK_OFF_FLAGS,
  chromiumArgs,
  WEBRTC_FLAGS,
} from "../../functions/crawl/render/chromium-launch.js";
import { createRenderer } from "../../functions/crawl/render/chromium-renderer.js";

/**
 * A crawled page opens a WebRTC connection whose STUN server is a UDP socket on loopback and whose
 * TURN server is a TCP server on loopback. WebRTC's packets are not requests: routing and the
 * address guard never see them, so only the browser's own settings can stop them.
 */

interface Listeners {
  udpPort: number;
  tcpPort: number;
  udpPackets: number;
  tcpConnections: number;
  /** Resolves once both a UDP packet and a TCP connection arrived. */
  bothReached: Promise<void>;
  close(): Promise<void>;
}

async function openListeners(): Promise<Listeners> {
  const udp: UdpSocket = createSocket("udp4");
  const tcp: TcpServer = createTcpServer((socket) => {
    listeners.tcpConnections++;
    socket.destroy();
    check();
  });
  let reached!: () => void;
  const listeners: Listeners = {
    udpPort: 0,
    tcpPort: 0,
    udpPackets: 0,
    tcpConnections: 0,
    bothReached: new Promise((resolve) => {
      reached = resolve;
    }),
    close: async () => {
      udp.close();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
  const check = () => {
    if (listeners.udpPackets > 0 && listeners.tcpConnections > 0) reached();
  };
  udp.on("message", () => {
    listeners.udpPackets++;
    check();
  });
  await new Promise<void>((resolve) => udp.bind(0, "127.0.0.1", resolve));
  await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
  listeners.udpPort = udp.address().port;
  listeners.tcpPort = (tcp.address() as AddressInfo).port;
  return listeners;
}

/**
 * The page holds its own load event (an iframe the server answers late) until its WebRTC attempt
 * is over: the page reports `/done` once ICE gathering completed, or the listeners were reached.
 * So the render reads the page only after the attempt, however slow the machine.
 */
function webrtcPage(l: Listeners): string {
  return `<!doctype html><html><head><meta charset="utf-8"></head><body>
<p id="state">started</p>
<script>
(async () => {
  let candidates = 0;
  try {
    const pc = new RTCPeerConnection({ iceServers: [
      { urls: "stun:127.0.0.1:${l.udpPort}" },
      { urls: "turn:127.0.0.1:${l.tcpPort}?transport=tcp", username: "u", credential: "c" },
    ] });
    pc.onicecandidate = (e) => { if (e.candidate) candidates++; };
    pc.createDataChannel("probe");
    const gathered = new Promise((resolve) => {
      pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === "complete") resolve(); };
    });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered;
    document.getElementById("state").textContent = "gathered " + candidates;
  } catch (error) {
    document.getElementById("state").textContent = "threw " + error.name;
  }
  await fetch("/done");
})();
</script>
<iframe src="/gate"></iframe>
</body></html>`;
}

interface Site {
  base: string;
  close(): Promise<void>;
}

async function startSite(listeners: Listeners): Promise<Site> {
  let doneArrived!: () => void;
  const done = new Promise<void>((resolve) => {
    doneArrived = resolve;
  });
  const server: Server = createServer((req, res) => {
    const send = (body: string) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(body);
    };
    if (req.url === "/rtc") return send(webrtcPage(listeners));
    if (req.url === "/done") {
      doneArrived();
      return send("ok");
    }
    if (req.url === "/gate") {
      void Promise.race([done, listeners.bothReached]).then(() => send("<p>gate</p>"));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const rendererWith = (launchArgs?: string[]) =>
  createRenderer({
    allowPrivateAddresses: true,
    timeoutMs: 45_000,
    maxBytes: 200_000,
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) Pricewarden-test",
    ...(launchArgs ? { launchArgs } : {}),
  });

describe("WebRTC in the renderer", () => {
  let listeners: Listeners;
  let site: Site;
  beforeAll(async () => {
    listeners = await openListeners();
    site = await startSite(listeners);
  });
  afterAll(async () => {
    await site?.close();
    await listeners?.close();
  });

  it("sends no UDP and opens no TCP connection to loopback", async () => {
    const renderer = rendererWith();
    try {
      const { outcome } = await renderer.render(`${site.base}/rtc`);
      expect(outcome.kind).toBe("ok");
      if (outcome.kind !== "ok") return;
      // The page's attempt is over (it reported gathering complete), and it found no way out.
      expect(outcome.body).toMatch(/<p id="state">gathered 0<\/p>/);
      expect(listeners.udpPackets).toBe(0);
      expect(listeners.tcpConnections).toBe(0);
    } finally {
      await renderer.close();
    }
  });

  it("control: without the hardening, the same page reaches both", async () => {
    const hardening = new Set([...WEBRTC_FLAGS, ...BROWSER_NETWORK_OFF_FLAGS]);
    const renderer = rendererWith(chromiumArgs().filter((flag) => !hardening.has(flag)));
    try {
      const rendered = renderer.render(`${site.base}/rtc`);
      await listeners.bothReached;
      expect(listeners.udpPackets).toBeGreaterThan(0);
      expect(listeners.tcpConnections).toBeGreaterThan(0);
      expect((await rendered).outcome.kind).toBe("ok");
    } finally {
      await renderer.close();
    }
  });
});
