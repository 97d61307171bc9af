// Runtime: the DynamoDB document client, built once per process (module scope in a
// Lambda, once per server locally) and passed to handlers through Deps.
//
// Our own, small, in place of the AWS SDK's DynamoDBDocumentClient: loading the SDK's
// client costs ~60 ms of every cold start (it loads every protocol and credential source it
// supports), more than half of the 100 ms a function may take to start. The commands keep
// lib-dynamodb's names and input/output types, and values are translated by the SDK's own
// @aws-sdk/util-dynamodb (in the Lambda runtime). Credentials come from the environment, as
// Lambda provides them; tools run by an operator pass the SDK's provider chain.

import type {
  BatchGetCommandInput,
  BatchGetCommandOutput,
  BatchWriteCommandInput,
  BatchWriteCommandOutput,
  DeleteCommandInput,
  DeleteCommandOutput,
  GetCommandInput,
  GetCommandOutput,
  PutCommandInput,
  PutCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  TransactWriteCommandInput,
  TransactWriteCommandOutput,
  UpdateCommandInput,
  UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { callDynamoDb, DynamoDbError, type Endpoint, transportFor } from './dynamodb-http.ts';
import { errorFieldsFromWire, inputToWire, type Operation, outputFromWire } from './dynamodb-marshalling.ts';
import type { Credentials } from './sigv4.ts';

export type { QueryCommandInput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
export type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
export { DynamoDbError, isTransientAwsError } from './dynamodb-http.ts';
export type { Operation } from './dynamodb-marshalling.ts';
export type { Credentials } from './sigv4.ts';

type Out<T> = Omit<T, '$metadata'>;

/** A request to DynamoDB: the operation and its input in plain values. */
type Command<Input extends object, Output> = {
  readonly operation: Operation;
  readonly input: Input;
  readonly output?: Output; // never set: the answer's type, for send()
};

/** A command class as lib-dynamodb names it: `new QueryCommand(input)`. */
const command = <Input extends object, Output>(operation: Operation) =>
  class implements Command<Input, Out<Output>> {
    readonly operation = operation;
    readonly input: Input;
    declare readonly output?: Out<Output>;
    constructor(input: Input) {
      this.input = input;
    }
  };

export const GetCommand = command<GetCommandInput, GetCommandOutput>('GetItem');
export const PutCommand = command<PutCommandInput, PutCommandOutput>('PutItem');
export const UpdateCommand = command<UpdateCommandInput, UpdateCommandOutput>('UpdateItem');
export const DeleteCommand = command<DeleteCommandInput, DeleteCommandOutput>('DeleteItem');
export const QueryCommand = command<QueryCommandInput, QueryCommandOutput>('Query');
export const ScanCommand = command<ScanCommandInput, ScanCommandOutput>('Scan');
export const BatchGetCommand = command<BatchGetCommandInput, BatchGetCommandOutput>('BatchGetItem');
export const BatchWriteCommand = command<BatchWriteCommandInput, BatchWriteCommandOutput>('BatchWriteItem');
export const TransactWriteCommand = command<TransactWriteCommandInput, TransactWriteCommandOutput>('TransactWriteItems');

/** What an interceptor sees of a call: the operation and its plain input (which it may amend). */
export type Call = { operation: Operation; input: Record<string, unknown> };
export type Interceptor = (call: Call, next: () => Promise<Record<string, unknown>>) => Promise<Record<string, unknown>>;

export class DocumentClient {
  private readonly interceptors = new Map<string, Interceptor>();
  private readonly endpoint: Endpoint;

  constructor(endpoint: Endpoint) {
    this.endpoint = endpoint;
  }

  async send<Input extends object, Output>(command: Command<Input, Output>): Promise<Output> {
    const call: Call = { operation: command.operation, input: { ...command.input } as Record<string, unknown> };
    const chain = [...this.interceptors.values()].reduceRight<() => Promise<Record<string, unknown>>>(
      (next, interceptor) => () => interceptor(call, next),
      () => this.call(call),
    );
    return (await chain()) as Output;
  }

  /**
   * Runs `interceptor` around every call from now on (outside the retries, as the SDK's
   * initialize step): the bench's meter, and the faults tests inject. Replaces one of the same name.
   */
  intercept(name: string, interceptor: Interceptor): () => void {
    this.interceptors.set(name, interceptor);
    return () => this.interceptors.delete(name);
  }

  /** Closes the kept-open connections (a process that is done with DynamoDB). */
  destroy(): void {
    this.endpoint.transport.agent.destroy();
  }

  private async call({ operation, input }: Call): Promise<Record<string, unknown>> {
    try {
      return outputFromWire(operation, await callDynamoDb(this.endpoint, operation, inputToWire(operation, input)));
    } catch (error) {
      throw error instanceof DynamoDbError ? Object.assign(error, errorFieldsFromWire(error as never)) : error;
    }
  }
}

/** Lambda's credentials: the role's, in the environment. */
const environmentCredentials = async (): Promise<Credentials> => {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env;
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY) {
    throw new DynamoDbError(
      'CredentialsProviderError',
      'No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).',
    );
  }
  return { accessKeyId: AWS_ACCESS_KEY_ID, secretAccessKey: AWS_SECRET_ACCESS_KEY, sessionToken: AWS_SESSION_TOKEN };
};

export function createDocumentClient(
  options: { endpoint?: string; region?: string; credentials?: () => Promise<Credentials> } = {},
): DocumentClient {
  const local = options.endpoint !== undefined;
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? (local ? 'eu-west-1' : undefined);
  if (!region) throw new Error("Set AWS_REGION: the DynamoDB client needs the table's region.");
  const url = new URL(options.endpoint ?? `https://dynamodb.${region}.amazonaws.com`);
  return new DocumentClient({
    url,
    region,
    // DynamoDB Local accepts any credentials; never look for real ones on a laptop.
    credentials: options.credentials ?? (local ? async () => ({ accessKeyId: 'local', secretAccessKey: 'local' }) : environmentCredentials),
    transport: transportFor(url),
  });
}
