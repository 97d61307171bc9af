// Infra: the CDK app (`npx cdk synth`, `npx cdk deploy`). cdk-nag's AWS Solutions checks
// run on every synth; acknowledged findings carry their reason next to the resource.

import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { acknowledgeFindings } from './nag.ts';
import { OmnistoreStack } from './omnistore-stack.ts';

export function buildApp(app = new App(), options: { acknowledge?: boolean } = {}) {
  const origins = app.node.tryGetContext('allowedOrigins') as string | undefined;
  const stack = new OmnistoreStack(app, 'Omnistore', {
    allowedOrigins: origins ? origins.split(',') : undefined,
    notificationsDomain: app.node.tryGetContext('notificationsDomain') as string | undefined,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  if (options.acknowledge !== false) acknowledgeFindings(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
