// Bench: a TCP relay in front of DynamoDB Local that holds every chunk for a fixed time each
// way, as the network between a Lambda and DynamoDB does. Here a request reaches DynamoDB
// Local in microseconds and parallel requests run nearly one after another on two cores, so
// latency counts DynamoDB calls; in AWS each request waits on the network while parallel ones
// overlap, so it counts rounds. `npm run bench -- --network-ms N` measures with that wait.

import { connect, createServer, type Socket } from 'node:net';

export type NetworkDelay = { endpoint: string; stop: () => Promise<void> };

export async function startNetworkDelay(target: string, oneWayMs: number): Promise<NetworkDelay> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  // Timers of one delay fire in the order they were set: chunks keep their order.
  const relay = (from: Socket, to: Socket) => {
    open.add(from);
    from.on('data', (chunk) => setTimeout(() => to.write(chunk), oneWayMs));
    from.on('end', () => setTimeout(() => to.end(), oneWayMs));
    from.on('error', () => to.destroy());
    from.on('close', () => open.delete(from));
  };
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The network-delay relay has no port');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    stop: async () => {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
