import { describe, expect, it } from 'vitest';
import { MessagePlacement } from './message-placement.ts';

const GUILD = '300000000000000001';
const OTHER_GUILD = '300000000000000002';
const CHANNEL = '500000000000000002';

describe('message placement', () => {
  it('says which guild’s message scrolled away, once, at the threshold', () => {
    const placement = new MessagePlacement(3);
    placement.placed(GUILD, CHANNEL, '1000');
    expect([placement.messageCreated(CHANNEL, '1001'), placement.messageCreated(CHANNEL, '1002')]).toEqual([
      null,
      null,
    ]);
    expect(placement.scrolledAway(GUILD)).toBe(false);
    expect(placement.messageCreated(CHANNEL, '1003')).toBe(GUILD);
    expect(placement.messageCreated(CHANNEL, '1004')).toBeNull();
    expect(placement.scrolledAway(GUILD)).toBe(true);
  });

  it('counts messages that arrived while it was being posted, and says it is already away', () => {
    const placement = new MessagePlacement(3);
    // Seen before Discord answered with its id (1001): two below it, one older.
    for (const id of ['1000', '1002', '1003']) expect(placement.messageCreated(CHANNEL, id)).toBeNull();
    expect(placement.placed(GUILD, CHANNEL, '1001')).toBe(false);
    expect(placement.messageCreated(CHANNEL, '1004')).toBe(GUILD);
    // A message posted after three others already arrived is away at once.
    for (const id of ['2001', '2002', '2003']) placement.messageCreated('500000000000000003', id);
    expect(placement.placed(OTHER_GUILD, '500000000000000003', '2000')).toBe(true);
    expect(placement.scrolledAway(OTHER_GUILD)).toBe(true);
  });

  it('does not count the message itself, nor an older one delivered late', () => {
    const placement = new MessagePlacement(1);
    placement.placed(GUILD, CHANNEL, '1000');
    expect(placement.messageCreated(CHANNEL, '1000')).toBeNull();
    expect(placement.messageCreated(CHANNEL, '999')).toBeNull();
    expect(placement.scrolledAway(GUILD)).toBe(false);
  });

  it('starts counting again below a new message, and stops for a guild let go', () => {
    const placement = new MessagePlacement(1);
    placement.placed(GUILD, CHANNEL, '1000');
    placement.messageCreated(CHANNEL, '1001');
    placement.placed(GUILD, CHANNEL, '1002');
    expect(placement.scrolledAway(GUILD)).toBe(false);
    placement.forget(GUILD);
    expect(placement.messageCreated(CHANNEL, '1003')).toBeNull();
  });

  it('keeps one guild per channel: a guild moving its message frees the old channel', () => {
    const placement = new MessagePlacement(1);
    placement.placed(GUILD, CHANNEL, '1000');
    placement.placed(GUILD, '500000000000000009', '1001');
    placement.placed(OTHER_GUILD, '500000000000000008', '1002');
    expect(placement.messageCreated(CHANNEL, '1003')).toBeNull();
    expect(placement.messageCreated('500000000000000009', '1004')).toBe(GUILD);
  });

  it('remembers the channel of each guild’s last command', () => {
    const placement = new MessagePlacement();
    expect(placement.commandChannel(GUILD)).toBeNull();
    placement.commandUsed(GUILD, CHANNEL);
    expect(placement.commandChannel(GUILD)).toBe(CHANNEL);
  });
});
