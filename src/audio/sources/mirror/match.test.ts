import { describe, expect, it } from 'vitest';
import { pickMirror, scoreCandidate, TITLE_MATCH_THRESHOLD, words } from './match.ts';

const target = { title: 'Take On Me', author: 'a-ha', length: 225_280 };
const candidate = (title: string, author: string, seconds: number, isStream = false) => ({
  title,
  author,
  length: seconds * 1000,
  isStream,
});

describe('mirror match scoring', () => {
  it('normalises words: accents, case, punctuation and feat. credits', () => {
    expect(words('Déjà Vu (feat. Someone) – Remastered!')).toEqual(['deja', 'vu', 'remastered']);
  });

  it('refuses live streams and lengths too far from the original', () => {
    expect(scoreCandidate(target, candidate('Take On Me', 'a-ha - Topic', 226, true))).toBeNull();
    expect(scoreCandidate(target, candidate('Take On Me', 'a-ha - Topic', 3600))).toBeNull();
    expect(scoreCandidate(target, candidate('Take On Me', 'a-ha - Topic', 250))).toBeNull();
    expect(scoreCandidate(target, candidate('Take On Me', 'a-ha - Topic', 230))).not.toBeNull();
  });

  it('prefers the artist’s Topic upload to a cover and a live take of the same length', () => {
    const topic = candidate('Take On Me', 'a-ha - Topic', 226);
    const cover = candidate('Take On Me (cover)', 'Some Band', 226);
    const live = candidate('a-ha - Take On Me (Live)', 'a-ha', 228);
    expect(pickMirror(target, [cover, live, topic], TITLE_MATCH_THRESHOLD)).toBe(topic);
    expect(scoreCandidate(target, cover) ?? 0).toBeLessThan(TITLE_MATCH_THRESHOLD);
  });

  it('keeps a version word the original has (a live album track matches its live upload)', () => {
    const liveTarget = { title: 'Take On Me (Live)', author: 'a-ha', length: 236_000 };
    expect(
      pickMirror(liveTarget, [candidate('a-ha - Take On Me (Live)', 'a-ha', 236)], TITLE_MATCH_THRESHOLD),
    ).not.toBeNull();
  });

  it('prefers the closer length when all else is equal', () => {
    const near = candidate('Take On Me', 'a-ha', 225);
    const far = candidate('Take On Me', 'a-ha', 232);
    expect(scoreCandidate(target, near) ?? 0).toBeGreaterThan(scoreCandidate(target, far) ?? 0);
  });

  it('finds nothing when no candidate is the song', () => {
    const others = [
      candidate('Blue Monday', 'New Order', 226),
      candidate('Take a Chance on Me', 'ABBA', 244),
    ];
    expect(pickMirror(target, others, TITLE_MATCH_THRESHOLD)).toBeNull();
  });
});
