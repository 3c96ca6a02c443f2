import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zodToDiscord } from './zod-errors.ts';

describe('zodToDiscord', () => {
  it("builds Discord's nested 50035 errors", () => {
    const schema = z.object({
      name: z.string().min(1),
      embeds: z.array(z.object({ title: z.string().max(3) })),
    });
    const result = schema.safeParse({ embeds: [{ title: 'long title' }] });
    expect(result.success).toBe(false);
    const error = zodToDiscord(result.error!);
    expect(error.status).toBe(400);
    expect(error.body()).toEqual({
      message: 'Invalid Form Body',
      code: 50035,
      errors: {
        name: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] },
        embeds: {
          0: {
            title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 3 or fewer in length.' }] },
          },
        },
      },
    });
  });
});
