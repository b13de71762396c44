// Types of the Watchbox browser client, watchbox.js beside this file.

/** A message delivered to a subscription. */
export interface Message {
  /** The session's sequence number of this message (1, 2, 3, ...). */
  readonly seq: number;
  /** The group it was published to (never a wildcard). */
  readonly group: string;
  /** The message text; for a message of bytes that are not UTF-8 text, their base64. */
  readonly text: string;
  /** The publisher's uid, or null when the server or its REST API published it. */
  readonly from: string | null;
  /** Present only on a message of bytes that are not UTF-8 text (an MQTT client may publish any). */
  readonly encoding?: 'base64';
  /** The bytes of such a message; absent on text messages. */
  readonly bytes?: Uint8Array;
}

export type MessageHandler = (message: Message) => void;

export interface ConnectOptions {
  /** The session's uid (1-64 of [A-Za-z0-9_-]); by default the server assigns one. */
  uid?: string;
  /** A credential (a JWT, or what the server's authenticator takes), sent in every hello. */
  token?: string;
  /** Reconnect after a drop and keep retrying an unreachable server (default true). */
  autoReconnect?: boolean;
  /** Smallest reconnect delay in ms (default 100). */
  initialBackoff?: number;
  /** Largest reconnect delay in ms (default 30000). */
  maxBackoff?: number;
  /** Publishes that may wait for a connection (default 1000; 0 fails them at once). */
  offlineBufferSize?: number;
  /** How long opening a connection and waiting for welcome may take, in ms (default 10000). */
  connectTimeout?: number;
  /**
   * Say bye when the page goes away, so that its reload may take the same uid (default true). A page
   * that enters the back/forward cache only lets its connection go, and resumes its session when
   * it is shown again.
   */
  closeOnPageHide?: boolean;
  /** The WebSocket constructor to use (default globalThis.WebSocket). */
  WebSocket?: new (url: string) => WebSocket;
}

export interface DisconnectDetail {
  /** The WebSocket close code, or 0 when the client gave the connection up itself. */
  code: number;
  reason: string;
  /** True when no reconnect will follow (4403, 4409, 1008, 4400, or autoReconnect off). */
  final: boolean;
}

export interface WatchboxEvents {
  disconnect: DisconnectDetail;
  reconnect: { resumed: boolean };
  skipped: { count: number };
  error: { code: string; reason: string };
}

/** The server's answer to a publish. */
export interface PublishResult {
  /** How many sessions the server queued it for (cluster mode: on the replica the client is connected to). */
  readonly delivered: number;
  /**
   * False when the message reached the subscribers of the server's own replica only (cluster mode:
   * Redis was out of reach for longer than the server's outage bounds); true otherwise, and always on a
   * single server.
   */
  readonly relayed: boolean;
}

/**
 * A failed request or connection: `code` is the server's error code (forbidden, bad-group,
 * rate-limited, too-large, ...) or the client's own: closed (close() was called), dropped (the
 * offline buffer was full), disconnected (no reconnect will follow: after a final close, requests
 * fail with it until connect() is called again).
 */
export class WatchboxError extends Error {
  readonly code: string;
  readonly reason: string;
  constructor(code: string, reason?: string);
}

export class WatchboxClient extends EventTarget {
  constructor(url?: string | URL, options?: ConnectOptions);
  constructor(options?: ConnectOptions);
  readonly uid: string | null;
  readonly user: string | null;
  readonly connected: boolean;
  readonly offlineDropped: number;
  readonly url: string;
  connect(): Promise<this>;
  subscribe(filter: string, handler: MessageHandler): Promise<void>;
  unsubscribe(filter: string): Promise<void>;
  publish(group: string, text: string): Promise<number>;
  /** Publishes as publish() does, and resolves to the server's whole answer. */
  publishForResult(group: string, text: string): Promise<PublishResult>;
  close(): void;
  on<K extends keyof WatchboxEvents>(type: K, listener: (detail: WatchboxEvents[K]) => void): () => void;
}

/** Connects (by default to the endpoint beside watchbox.js) and resolves once welcomed. */
export function connect(url?: string | URL, options?: ConnectOptions): Promise<WatchboxClient>;
export function connect(options?: ConnectOptions): Promise<WatchboxClient>;

/** MQTT filter matching: + one level, # (last level) the rest, including the parent. */
export function matches(filter: string, group: string): boolean;
