import { describe, expect, it } from 'vitest';
import { isLoopbackHost, ListenerSlots } from './request-guard.ts';

describe('sandbox request guard', () => {
  it('knows loopback host names with any port, and nothing that merely starts like one', () => {
    for (const host of [
      'localhost',
      'localhost:3000',
      '127.0.0.1',
      '127.0.0.1:8080',
      '[::1]',
      '[::1]:3000',
    ]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of [
      undefined,
      '',
      'evil.example',
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      '10.0.0.2:3000',
    ]) {
      expect(isLoopbackHost(host), String(host)).toBe(false);
    }
  });

  it('limits listeners per client address as well as in total, and gives slots back once', () => {
    const slots = new ListenerSlots(3, 2);
    const first = slots.take('198.51.100.1');
    slots.take('198.51.100.1');
    expect(() => slots.take('198.51.100.1')).toThrow(/from one address/);
    slots.take('198.51.100.2');
    expect(() => slots.take('198.51.100.3')).toThrow(/At most 3 listeners/);
    first();
    first();
    expect(() => slots.take('198.51.100.3')).not.toThrow();
    expect(() => slots.take('198.51.100.1')).toThrow(/At most 3 listeners/);
  });
});
