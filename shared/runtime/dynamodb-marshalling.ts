// Runtime: the document client's translation between plain JavaScript values and DynamoDB's
// attribute values, operation by operation — the fields lib-dynamodb translates, with the
// same marshalling functions (@aws-sdk/util-dynamodb) and options.

import { marshall, type NativeAttributeValue, unmarshall } from '@aws-sdk/util-dynamodb';

export type Operation =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'Scan'
  | 'BatchGetItem'
  | 'BatchWriteItem'
  | 'TransactWriteItems';

type Native = Record<string, NativeAttributeValue>;
// biome-ignore lint/suspicious/noExplicitAny: a wire document is whatever JSON DynamoDB defines.
type Doc = Record<string, any>;

// undefined attributes are left out (never an error); class instances are refused, not guessed at.
const toAttributes = (value: Native | undefined) =>
  value === undefined ? undefined : marshall(value, { removeUndefinedValues: true, convertClassInstanceToMap: false });
const fromAttributes = (value: Doc | undefined) => (value === undefined ? undefined : (unmarshall(value) as Native));
const mapValues = <T, U>(record: Record<string, T> | undefined, f: (v: T) => U) =>
  record === undefined ? undefined : Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));

/** Key, Item, ExpressionAttributeValues of one item-level request (also inside a transaction). */
const itemRequest = (r: Doc): Doc => ({
  ...r,
  Key: toAttributes(r.Key),
  Item: toAttributes(r.Item),
  ExpressionAttributeValues: toAttributes(r.ExpressionAttributeValues),
});

const transactItem = (t: Doc): Doc => mapValues(t, (request) => itemRequest(request as Doc)) as Doc;

const writeRequest = (w: Doc): Doc => ({
  ...(w.PutRequest ? { PutRequest: { Item: toAttributes(w.PutRequest.Item) } } : {}),
  ...(w.DeleteRequest ? { DeleteRequest: { Key: toAttributes(w.DeleteRequest.Key) } } : {}),
});
const nativeWriteRequest = (w: Doc): Doc => ({
  ...(w.PutRequest ? { PutRequest: { Item: fromAttributes(w.PutRequest.Item) } } : {}),
  ...(w.DeleteRequest ? { DeleteRequest: { Key: fromAttributes(w.DeleteRequest.Key) } } : {}),
});
const keysAndAttributes = (k: Doc, f: (v: Doc | undefined) => unknown): Doc => ({ ...k, Keys: k.Keys?.map(f) });

/** The request DynamoDB is sent for a document-client input. */
export function inputToWire(operation: Operation, input: Doc): Doc {
  switch (operation) {
    case 'Query':
    case 'Scan':
      return { ...itemRequest(input), ExclusiveStartKey: toAttributes(input.ExclusiveStartKey) };
    case 'BatchGetItem':
      return { ...input, RequestItems: mapValues(input.RequestItems as Record<string, Doc>, (k) => keysAndAttributes(k, toAttributes)) };
    case 'BatchWriteItem':
      return { ...input, RequestItems: mapValues(input.RequestItems as Record<string, Doc[]>, (ws) => ws.map(writeRequest)) };
    case 'TransactWriteItems':
      return { ...input, TransactItems: (input.TransactItems as Doc[]).map(transactItem) };
    default:
      return itemRequest(input);
  }
}

/** The document-client output for DynamoDB's response. */
export function outputFromWire(operation: Operation, output: Doc): Doc {
  switch (operation) {
    case 'GetItem':
      return { ...output, Item: fromAttributes(output.Item) };
    case 'Query':
    case 'Scan':
      return { ...output, Items: output.Items?.map(fromAttributes), LastEvaluatedKey: fromAttributes(output.LastEvaluatedKey) };
    case 'BatchGetItem':
      return {
        ...output,
        Responses: mapValues(output.Responses as Record<string, Doc[]>, (items) => items.map(fromAttributes)),
        UnprocessedKeys: mapValues(output.UnprocessedKeys as Record<string, Doc>, (k) => keysAndAttributes(k, fromAttributes)),
      };
    case 'BatchWriteItem':
      return {
        ...output,
        UnprocessedItems: mapValues(output.UnprocessedItems as Record<string, Doc[]>, (ws) => ws.map(nativeWriteRequest)),
      };
    default:
      return { ...output, Attributes: fromAttributes(output.Attributes) };
  }
}

/** An error's items (a failed condition's item, a cancelled transaction's reasons) as plain values. */
export function errorFieldsFromWire(body: Doc): Doc {
  return {
    ...(body.Item ? { Item: fromAttributes(body.Item) } : {}),
    ...(Array.isArray(body.CancellationReasons)
      ? { CancellationReasons: body.CancellationReasons.map((r: Doc) => ({ ...r, Item: fromAttributes(r.Item) })) }
      : {}),
  };
}
