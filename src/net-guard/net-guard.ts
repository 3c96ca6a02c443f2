import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { Agent, type Response, fetch as undiciFetch } from 'undici';
import {
  classifyAddress,
  hostKey,
  ipFamily,
  isIpLiteral,
  type NetRule,
  parseNetRules,
  ruleMatchesAddress,
  ruleMatchesHost,
} from './address-policy.ts';
import { NetGuardError } from './errors.ts';
import { GuardedProxy } from './guarded-proxy.ts';

/** Resolves a host name to every address it has (`dns.lookup` with `all: true` by default). */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

/** Options of {@link createNetGuard}. */
export interface NetGuardOptions {
  /** Host names, addresses or CIDR ranges that may be reached although private (AUDIO_HTTP_ALLOW). */
  allow?: readonly string[];
  /** Host names, addresses or CIDR ranges that are never reached, even when public (AUDIO_HTTP_DENY). */
  deny?: readonly string[];
  /** Name resolution; tests inject one. */
  resolve?: HostResolver;
  /** Most redirects followed for one request (default 5). */
  maxRedirects?: number;
}

/** What {@link NetGuard.fetch} answers: the response of the last hop and that hop's URL. */
export interface GuardedResponse {
  response: Response;
  /** The URL that answered, after redirects: relative references resolve against it. */
  url: URL;
}

export interface GuardedFetchInit {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  method?: 'GET' | 'HEAD' | 'POST';
  /** A POST's body (a token request's form); a 301/302/303 answer turns the next hop into a GET without it. */
  body?: string;
}

/** Names that are cloud metadata services whatever they resolve to. */
const METADATA_NAMES = ['metadata.google.internal', 'metadata.goog', 'metadata'];
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const defaultResolve: HostResolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * The one gate for requests to user-supplied URLs. Every address a name resolves to must be
 * global unicast (or allowed by the operator, and not denied); redirects are followed here, one
 * checked hop at a time; and connections go to the addresses that were checked — the agent's
 * `lookup` is the check itself, so a DNS answer that changes between check and connect
 * (rebinding) is never used unchecked.
 */
export class NetGuard {
  readonly #allow: NetRule[];
  readonly #deny: NetRule[];
  readonly #resolve: HostResolver;
  readonly #maxRedirects: number;
  readonly #agent: Agent;
  #proxy: Promise<GuardedProxy> | null = null;

  constructor(options: NetGuardOptions = {}) {
    this.#allow = parseNetRules(options.allow ?? []);
    this.#deny = parseNetRules(options.deny ?? []);
    this.#resolve = options.resolve ?? defaultResolve;
    this.#maxRedirects = options.maxRedirects ?? 5;
    this.#agent = new Agent({ connect: { lookup: this.lookup } });
  }

  /**
   * The addresses `hostname` may be reached at, all of them checked; throws NetGuardError when
   * one of them (or the name) is refused. An IP literal is checked as it is.
   */
  async addressesOf(hostname: string): Promise<LookupAddress[]> {
    const host = hostKey(hostname.replace(/^\[(.*)\]$/, '$1'));
    if (this.#deny.some((rule) => ruleMatchesHost(rule, host)))
      throw new NetGuardError('URL_NOT_ALLOWED', `${host} is denied by AUDIO_HTTP_DENY`);
    const allowedName = this.#allow.some((rule) => ruleMatchesHost(rule, host));
    if (!allowedName && METADATA_NAMES.includes(host))
      throw new NetGuardError('URL_NOT_ALLOWED', `${host} is a cloud metadata service`);
    const addresses = isIpLiteral(host)
      ? [{ address: host, family: ipFamily(host) }]
      : await this.#resolve(host);
    if (addresses.length === 0) throw new NetGuardError('URL_UNLOADABLE', `${host} has no address`);
    for (const { address } of addresses) {
      if (this.#deny.some((rule) => ruleMatchesAddress(rule, address)))
        throw new NetGuardError(
          'URL_NOT_ALLOWED',
          `${host} resolves to ${address}, denied by AUDIO_HTTP_DENY`,
        );
      if (allowedName || this.#allow.some((rule) => ruleMatchesAddress(rule, address))) continue;
      const verdict = classifyAddress(address);
      if (!verdict.allowed)
        throw new NetGuardError('URL_NOT_ALLOWED', `${host} resolves to ${address}: ${verdict.reason}`);
    }
    return addresses;
  }

  /** Checks a URL before anything is sent: http(s) only, and its host as {@link addressesOf} does. */
  async check(url: URL): Promise<LookupAddress[]> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new NetGuardError('URL_NOT_ALLOWED', `scheme ${url.protocol} of ${url.href}`);
    return this.addressesOf(url.hostname);
  }

  /**
   * A `net.connect` lookup that answers only checked addresses. Used by this guard's agent and
   * proxy: whatever connects through it connects where the check said it may.
   */
  readonly lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    this.addressesOf(hostname).then(
      (addresses) => {
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]?.address ?? '', addresses[0]?.family);
      },
      (error: Error) => callback(error, ''),
    );
  };

  /**
   * GET (or HEAD) through the guard, following redirects itself: each hop is checked before it is
   * requested, and its connection pinned to the checked addresses.
   */
  async fetch(url: URL, init: GuardedFetchInit = {}): Promise<GuardedResponse> {
    let current = url;
    let method = init.method ?? 'GET';
    for (let hop = 0; hop <= this.#maxRedirects; hop += 1) {
      await this.check(current);
      const response = await undiciFetch(current, {
        method,
        headers: init.headers ?? {},
        redirect: 'manual',
        dispatcher: this.#agent,
        ...(init.signal ? { signal: init.signal } : {}),
        ...(method === 'POST' && init.body !== undefined ? { body: init.body } : {}),
      });
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || location === null) return { response, url: current };
      if (method === 'POST' && response.status !== 307 && response.status !== 308) method = 'GET';
      await response.body?.cancel().catch(() => {});
      try {
        current = new URL(location, current);
      } catch {
        throw new NetGuardError('URL_UNLOADABLE', `bad redirect from ${current.href} to ${location}`);
      }
    }
    throw new NetGuardError('URL_UNLOADABLE', `more than ${this.#maxRedirects} redirects from ${url.href}`);
  }

  /**
   * The address of a forward proxy (on 127.0.0.1) that lets through only what this guard allows:
   * for programs that fetch by themselves (ffmpeg's `-http_proxy`). Started on first use.
   */
  async proxyUrl(): Promise<string> {
    this.#proxy ??= GuardedProxy.start(this);
    return (await this.#proxy).url;
  }

  async close(): Promise<void> {
    const proxy = this.#proxy;
    this.#proxy = null;
    await Promise.all([proxy?.then((p) => p.close()), this.#agent.close()]);
  }
}

/** Builds the guard; throws when an allow or deny entry is not an address, range or host name. */
export function createNetGuard(options: NetGuardOptions = {}): NetGuard {
  return new NetGuard(options);
}
