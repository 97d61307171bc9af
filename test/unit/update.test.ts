import { describe, expect, it } from 'vitest';
import { updateParts } from '#shared/table/update.ts';

describe('Function: updateParts', () => {
  it('sets, removes and adds top-level attributes with a version condition', () => {
    expect(updateParts({ set: { status: 'x', gone: undefined }, remove: ['note'], add: { count: 1 }, expect: { version: 3 } })).toEqual({
      UpdateExpression: 'SET #status = :u0 REMOVE #note ADD #count :u1',
      ConditionExpression: '#version = :u2',
      ExpressionAttributeNames: { '#status': 'status', '#note': 'note', '#count': 'count', '#version': 'version' },
      ExpressionAttributeValues: { ':u0': 'x', ':u1': 1, ':u2': 3 },
    });
  });

  it('sets and removes members of map attributes by path', () => {
    expect(
      updateParts({
        setIn: [[['consents', 'marketing'], { granted: true }]],
        removeIn: [['identities', 'email']],
        set: { updatedAt: 't' },
      }),
    ).toEqual({
      UpdateExpression: 'SET #updatedAt = :u0, #consents.#marketing = :u1 REMOVE #identities.#email',
      ExpressionAttributeNames: {
        '#updatedAt': 'updatedAt',
        '#consents': 'consents',
        '#marketing': 'marketing',
        '#identities': 'identities',
        '#email': 'email',
      },
      ExpressionAttributeValues: { ':u0': 't', ':u1': { granted: true } },
    });
  });

  it('gives names that read the same once cleaned their own placeholders', () => {
    const parts = updateParts({
      setIn: [
        [['categories', 't-shirts'], 'a'],
        [['categories', 't_shirts'], 'b'],
      ],
    });
    expect(parts.UpdateExpression).toBe('SET #categories.#t_shirts = :u0, #categories.#t_shirts_1 = :u1');
    expect(parts.ExpressionAttributeNames).toMatchObject({ '#t_shirts': 't-shirts', '#t_shirts_1': 't_shirts' });
  });

  it('keeps a raw condition with its own names and values beside the generated ones', () => {
    const parts = updateParts({
      setIn: [[['identities', 'email'], 'a@b.co']],
      condition: '#identities.#kind = :previous',
      names: { '#identities': 'identities', '#kind': 'email' },
      values: { ':previous': 'old@b.co' },
    });
    expect(parts.ConditionExpression).toBe('#identities.#kind = :previous');
    expect(parts.ExpressionAttributeValues).toEqual({ ':previous': 'old@b.co', ':u0': 'a@b.co' });
  });
});

describe('Function: updateParts, first-time stamps', () => {
  it('sets an attribute only while it has no value', () => {
    expect(updateParts({ setIfAbsent: { firstVisitAt: 't' }, set: { lastVisitAt: 't' }, add: { visits: 1 } })).toEqual({
      UpdateExpression: 'SET #lastVisitAt = :u0, #firstVisitAt = if_not_exists(#firstVisitAt, :u1) ADD #visits :u2',
      ExpressionAttributeNames: { '#lastVisitAt': 'lastVisitAt', '#firstVisitAt': 'firstVisitAt', '#visits': 'visits' },
      ExpressionAttributeValues: { ':u0': 't', ':u1': 't', ':u2': 1 },
    });
  });
});
