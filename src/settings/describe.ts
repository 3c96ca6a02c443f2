import { z } from 'zod';
import {
  guildSettingsSchema,
  type SettingDescriptor,
  type SettingPicker,
  settingPickers,
} from './contract.ts';

type JsonSchema = {
  type?: string;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  pattern?: string;
  maxLength?: number;
  format?: string;
  picker?: unknown;
  [other: string]: unknown;
};

/**
 * Describes every setting of an object schema (the guild settings by default), in its order,
 * from zod's JSON Schema of it plus the `picker`/`format` metadata the fields carry. Throws for a
 * field the panel can't render (an array, an object), so such a setting fails a test, not a page.
 */
export function describeSettings(schema: z.ZodObject = guildSettingsSchema): SettingDescriptor[] {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'throw' }) as {
    properties?: Record<string, JsonSchema>;
  };
  return Object.entries(json.properties ?? {}).map(([key, property]) => describeProperty(key, property));
}

/** `int()` alone bounds a number by the safe integers: no bound a person would choose. */
const bound = (value: number | undefined) =>
  value === undefined || Math.abs(value) >= Number.MAX_SAFE_INTEGER ? null : value;

function describeProperty(key: string, property: JsonSchema): SettingDescriptor {
  const variants = property.anyOf ?? [property];
  const nonNull = variants.filter((variant) => variant.type !== 'null');
  const nullable = nonNull.length < variants.length;
  const [value] = nonNull;
  if (nonNull.length !== 1 || !value) {
    throw new Error(`setting ${key}: a union the panel can't render`);
  }
  // Metadata may sit on the wrapper (`.nullable().meta()`) or on the value itself.
  const meta = (name: 'picker' | 'format') => property[name] ?? value[name];
  const picker = meta('picker');
  if (picker !== undefined && !settingPickers.includes(picker as SettingPicker)) {
    throw new Error(`setting ${key}: unknown picker ${String(picker)}`);
  }
  const format = meta('format') === 'color' ? 'color' : null;
  const base: SettingDescriptor = {
    key,
    type: 'string',
    nullable,
    default: (property.default ?? null) as SettingDescriptor['default'],
    // Exclusive bounds (`gt`, `lt`) are left to the server's answer: an input can't say them.
    min: bound(value.minimum),
    max: bound(value.maximum),
    step: value.multipleOf ?? null,
    values: null,
    pattern: value.pattern ?? null,
    maxLength: value.maxLength ?? null,
    picker: (picker as SettingPicker | undefined) ?? null,
    format,
  };
  if (value.enum) {
    if (!value.enum.every((option) => typeof option === 'string')) {
      throw new Error(`setting ${key}: only enums of strings are supported`);
    }
    return { ...base, type: 'enum', values: value.enum as string[] };
  }
  switch (value.type) {
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'integer':
      return { ...base, type: 'integer', step: base.step ?? 1 };
    case 'number':
      return { ...base, type: 'number' };
    case 'string':
      return base;
    default:
      throw new Error(`setting ${key}: type ${String(value.type)} can't be shown in the panel`);
  }
}
