import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';

/**
 * Creates keep-alive agents whose sockets fail with ECONNTIMEDOUT when the TCP (and TLS) connection
 * is not up within `connectTimeoutMs`. The request timeout covers the rest of the exchange.
 */
export function keepAliveAgents(connectTimeoutMs: number): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  const options = { keepAlive: true, maxSockets: 32 };
  const httpAgent = new http.Agent(options);
  const httpsAgent = new https.Agent(options);
  limitConnectTime(httpAgent, connectTimeoutMs, 'connect');
  limitConnectTime(httpsAgent, connectTimeoutMs, 'secureConnect');
  return { httpAgent, httpsAgent };
}

function limitConnectTime(agent: http.Agent, timeoutMs: number, readyEvent: string): void {
  const agentWithConnection = agent as unknown as {
    createConnection: (options: unknown, callback?: unknown) => Socket;
  };
  const create = agentWithConnection.createConnection.bind(agent);

  agentWithConnection.createConnection = (options: unknown, callback?: unknown) => {
    const socket = create(options, callback);
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`connection not established within ${timeoutMs} ms`), { code: 'ECONNTIMEDOUT' });
      socket.destroy(error);
    }, timeoutMs);
    timer.unref();
    socket.once(readyEvent, () => clearTimeout(timer));
    socket.once('close', () => clearTimeout(timer));
    return socket;
  };
}
