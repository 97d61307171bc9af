// Lambda entry: publishes outbox events from the table stream to EventBridge.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import * as z from 'zod';
import { createStreamHandler } from './publish.ts';

const env = z.object({ EVENT_BUS_NAME: z.string().min(1) }).parse(process.env);
const client = new EventBridgeClient({});

export const handler = createStreamHandler((entries) => client.send(new PutEventsCommand({ Entries: entries })), env.EVENT_BUS_NAME);
