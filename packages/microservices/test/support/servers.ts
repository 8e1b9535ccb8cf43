import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { get } from 'node:http';
import type { Server } from 'node:net';
import { createServer } from 'node:net';
import { randomInt } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The path of a server binary from Debian's packages, or `undefined` when it is not installed. */
export function findBinary(name: string): string | undefined {
  for (const dir of [
    '/usr/sbin',
    '/usr/bin',
    '/usr/local/bin',
    '/usr/local/sbin',
  ]) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  try {
    return (
      execFileSync('which', [name], { encoding: 'utf8' }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/**
 * `describe` when the broker servers are installed (Debian packages of the same names); else a
 * skip that says how to install them. Under CI (`CI` set) a missing server fails instead, since
 * `.ci/run` installs them.
 */
export function describeWithBrokers(
  servers: readonly string[] = ['nats-server', 'redis-server'],
): jest.Describe {
  const missing = servers.filter(server => !findBinary(server));
  if (missing.length === 0) return describe;
  const message = `${missing.join(' and ')} not installed: apt-get install -y ${missing.join(' ')}`;
  if (process.env.CI) throw new Error(message);
  console.warn(`Skipped: ${message}`);
  return describe.skip;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0];
}

/** Where test servers' ports are picked: above the well-known ones, below the kernel's range. */
const LOWEST_TEST_PORT = 10_000;

/**
 * `count` different free TCP ports on loopback, below the kernel's range for outgoing
 * connections (`ip_local_port_range`): a port in that range can be taken by any client
 * socket's local end while its server is down, and a restarted broker then fails to bind.
 * Each is held until all are chosen, so none comes back twice (a NATS node once got the same
 * port for clients and monitoring, and never started).
 */
export async function freePorts(count: number): Promise<number[]> {
  const span = lowestEphemeralPort() - LOWEST_TEST_PORT;
  const servers: Server[] = [];
  for (let attempt = 0; servers.length < count; attempt++) {
    if (attempt > 2000) throw new Error('no free TCP port on 127.0.0.1');
    // Outside the range if there is room, else wherever the kernel finds one.
    const port =
      span > 1000 && attempt < 1000 ? LOWEST_TEST_PORT + randomInt(span) : 0;
    // A port held here already fails to listen again, like one taken elsewhere.
    const server = await listenOn(port);
    if (server) servers.push(server);
  }
  const ports = servers.map(portOf);
  await Promise.all(servers.map(closeServer));
  return ports;
}

/** The lowest local port the kernel gives outgoing connections (Linux's default elsewhere). */
function lowestEphemeralPort(): number {
  try {
    const low = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(
        /\s+/,
      )[0],
    );
    if (low > 0) return low;
  } catch {
    // not Linux
  }
  return 32768;
}

/** A server listening on `port` of loopback, or `undefined` where that port is taken. */
function listenOn(port: number): Promise<Server | undefined> {
  return new Promise(resolve => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const portOf = (server: Server) => (server.address() as { port: number }).port;
const closeServer = (server: Server) =>
  new Promise(resolve => server.close(resolve));

/** Waits until `check` resolves true, polling every 50 ms. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (
    !(await Promise.resolve()
      .then(check)
      .catch(() => false))
  ) {
    if (Date.now() > giveUpAt)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** A server process started by a test. */
export class ServerProcess {
  private process: ChildProcess | undefined;
  private output = '';

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
  ) {}

  /** What the server printed, for failure messages. */
  get log(): string {
    return this.output;
  }

  /**
   * Whether its process is alive (stopped or not). Not `ChildProcess.killed`: that turns true
   * once any signal is sent, SIGSTOP too, and a frozen node then counted as dead was started
   * a second time while the first lived on (a jest worker that never exited).
   */
  get running(): boolean {
    return (
      this.process !== undefined &&
      this.process.exitCode === null &&
      this.process.signalCode === null
    );
  }

  start(): void {
    // A second process would fail to bind, and the first would outlive the test file.
    if (this.running) throw new Error(`${this.name} is already running`);
    const child = spawn(this.command, this.args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    this.process = child;
  }

  /** Sends `signal` (SIGSTOP freezes the server, SIGCONT thaws it). */
  signal(signal: NodeJS.Signals): void {
    this.process?.kill(signal);
  }

  /** Stops the server (SIGKILL with `hard`) and waits for it to exit. */
  async stop(hard = false): Promise<void> {
    const child = this.process;
    // Not `exitCode` alone: a process ended by a signal has none, and would be waited for ever.
    if (!child || !this.running) {
      this.process = undefined;
      return;
    }
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill(hard ? 'SIGKILL' : 'SIGTERM');
    await Promise.race([exited, sleep(5000, undefined, { ref: false })]);
    if (this.running) {
      child.kill('SIGKILL');
      await exited;
    }
    this.process = undefined;
  }
}

/** A JetStream cluster of `size` nats-server processes on loopback, each with its own store. */
export class NatsCluster {
  readonly nodes: ServerProcess[] = [];
  readonly clientPorts: number[] = [];
  private readonly monitorPorts: number[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'mvent-nats-'));

  get servers(): string[] {
    return this.clientPorts.map(port => `nats://127.0.0.1:${port}`);
  }

  static async start(size = 3): Promise<NatsCluster> {
    const cluster = new NatsCluster();
    const ports = await freePorts(3 * size);
    cluster.clientPorts.push(...ports.slice(0, size));
    cluster.monitorPorts.push(...ports.slice(size, 2 * size));
    const clusterPorts = ports.slice(2 * size);
    const binary = findBinary('nats-server')!;
    for (let i = 0; i < size; i++) {
      const config = join(cluster.dir, `n${i}.conf`);
      const routes = clusterPorts
        .filter((_, j) => j !== i)
        .map(port => `nats-route://127.0.0.1:${port}`);
      writeFileSync(
        config,
        [
          `server_name: n${i}`,
          `listen: 127.0.0.1:${cluster.clientPorts[i]}`,
          `http: 127.0.0.1:${cluster.monitorPorts[i]}`,
          `jetstream { store_dir: "${join(cluster.dir, `store${i}`)}" }`,
          size > 1
            ? `cluster { name: mvent-test, listen: 127.0.0.1:${clusterPorts[i]}, routes: [${routes.join(', ')}] }`
            : '',
        ].join('\n'),
      );
      cluster.nodes.push(new ServerProcess(`n${i}`, binary, ['-c', config]));
    }
    cluster.nodes.forEach(node => node.start());
    // 45 s: with two jest workers, two files may start clusters on a busy 2-core machine.
    await Promise.all(
      cluster.nodes.map((_, i) => cluster.waitHealthy(i, 45_000)),
    );
    return cluster;
  }

  /** Waits until node `index` says JetStream is ready (a meta leader is elected). */
  async waitHealthy(index: number, timeoutMs = 20_000): Promise<void> {
    await waitFor(
      () => httpOk(`http://127.0.0.1:${this.monitorPorts[index]}/healthz`),
      timeoutMs,
      `nats node n${index} to be healthy:\n${this.nodes[index].log}`,
    );
  }

  async restart(index: number): Promise<void> {
    this.nodes[index].start();
    await this.waitHealthy(index);
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map(node => node.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A redis-server on a free loopback port, without persistence. */
export class RedisServer {
  private constructor(
    private readonly node: ServerProcess,
    readonly port: number,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RedisServer> {
    const port = await freePort();
    const node = new ServerProcess('redis', findBinary('redis-server')!, [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    node.start();
    const server = new RedisServer(node, port);
    await waitFor(
      () => node.log.includes('Ready to accept connections'),
      10_000,
      `redis-server:\n${node.log}`,
    );
    return server;
  }

  /** SIGKILLs the server and starts it again on its port: without persistence, it comes back empty. */
  async restartLosingData(): Promise<void> {
    await this.node.stop(true);
    const readyLines = () =>
      this.node.log.split('Ready to accept connections').length;
    const before = readyLines();
    this.node.start();
    await waitFor(
      () => readyLines() > before,
      10_000,
      `redis-server to restart:\n${this.node.log}`,
    );
  }

  async stop(): Promise<void> {
    await this.node.stop();
  }
}

/** Whether a GET of `url` answers 200, on a connection of its own that does not linger. */
function httpOk(url: string): Promise<boolean> {
  return new Promise(resolve => {
    const request = get(url, { agent: false }, response => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
  });
}
