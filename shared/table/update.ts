// Storage layer: update expressions built from plain objects, so no repository writes
// placeholders by hand. Every attribute name goes through a #placeholder (reserved words
// such as `status`, `lines` or `count` need it anyway).

import type { NativeAttributeValue } from '../runtime/dynamodb.ts';

export type UpdateSpec = {
  /** Attributes to set; `undefined` values are left out. A value of `remove` removes the attribute. */
  set?: Record<string, NativeAttributeValue>;
  /** Attributes set only while they have no value (`if_not_exists`): a first-time stamp. */
  setIfAbsent?: Record<string, NativeAttributeValue>;
  /** Attributes to remove. */
  remove?: string[];
  /** Members of map attributes to set, each as its path: `[['consents', 'marketing'], { granted: true }]`. */
  setIn?: Array<[path: string[], value: NativeAttributeValue]>;
  /** Members of map attributes to remove, each as its path: `[['identities', 'email']]`. */
  removeIn?: string[][];
  /** Numbers to add (ADD). */
  add?: Record<string, number>;
  /** Conditions as `attribute: expected value` pairs, ANDed with `condition`. */
  expect?: Record<string, NativeAttributeValue>;
  /** A raw condition; its names and values go in `names` / `values`. */
  condition?: string;
  names?: Record<string, string>;
  values?: Record<string, NativeAttributeValue>;
};

export type UpdateParts = {
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Record<string, NativeAttributeValue>;
};

/** `{ set: { status: 'x' }, expect: { version: 3 } }` → the Update's expression, names and values. */
export function updateParts(spec: UpdateSpec): UpdateParts {
  const names: Record<string, string> = { ...(spec.names ?? {}) };
  const values: Record<string, NativeAttributeValue> = { ...(spec.values ?? {}) };
  const name = (attribute: string) => {
    const base = `#${attribute.replace(/[^A-Za-z0-9_]/g, '_')}`;
    // Two names that read the same once cleaned ("t-shirts", "t_shirts") get their own placeholders.
    let placeholder = base;
    for (let i = 1; names[placeholder] !== undefined && names[placeholder] !== attribute; i++) placeholder = `${base}_${i}`;
    names[placeholder] = attribute;
    return placeholder;
  };
  const path = (segments: string[]) => segments.map(name).join('.');
  let n = 0;
  const value = (v: NativeAttributeValue) => {
    const placeholder = `:u${n++}`;
    values[placeholder] = v;
    return placeholder;
  };
  const set = Object.entries(spec.set ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${name(k)} = ${value(v)}`)
    .concat(
      Object.entries(spec.setIfAbsent ?? {}).map(([k, v]) => `${name(k)} = if_not_exists(${name(k)}, ${value(v)})`),
      (spec.setIn ?? []).map(([p, v]) => `${path(p)} = ${value(v)}`),
    );
  const remove = (spec.remove ?? []).map(name).concat((spec.removeIn ?? []).map(path));
  const add = Object.entries(spec.add ?? {}).map(([k, v]) => `${name(k)} ${value(v)}`);
  const expression = [
    set.length ? `SET ${set.join(', ')}` : '',
    remove.length ? `REMOVE ${remove.join(', ')}` : '',
    add.length ? `ADD ${add.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const conditions = [
    ...Object.entries(spec.expect ?? {}).map(([k, v]) => `${name(k)} = ${value(v)}`),
    ...(spec.condition ? [spec.condition] : []),
  ];
  return {
    UpdateExpression: expression,
    ...(conditions.length ? { ConditionExpression: conditions.join(' AND ') } : {}),
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
}
