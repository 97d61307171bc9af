// Infra: a bounded context's Lambda with every default we want on all of them (arm64,
// Node 24, X-Ray, JSON logs with retention, source maps, the shared bundling) and
// least-privilege table access.

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  bundlingAliases,
  bundlingDefine,
  bundlingOptions,
  lambdaEntry,
  phoneCountriesSetting,
  projectRoot,
  runtimeNodeOptions,
} from './bundling.ts';

export type TableAccess = 'none' | 'read' | 'readwrite';

export type ContextFunctionProps = {
  context: string;
  table: dynamodb.ITable;
  tableAccess: TableAccess;
  identityKey?: secretsmanager.ISecret;
  environment?: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
  /** Files to put beside the bundle (name → source path), e.g. the docs' OpenAPI document and renderer. */
  assetFiles?: Record<string, string>;
};

export class ContextFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly tableAccess: TableAccess;

  constructor(scope: Construct, id: string, props: ContextFunctionProps) {
    super(scope, id);
    this.tableAccess = props.tableAccess;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole: logs only to this function's group.
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    );
    this.fn = new NodejsFunction(this, 'Function', {
      role,
      entry: lambdaEntry(props.context),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        TABLE_NAME: props.table.tableName,
        POWERTOOLS_SERVICE_NAME: `omnistore-${props.context}`,
        NODE_OPTIONS: runtimeNodeOptions,
        ...(props.identityKey ? { IDENTITY_KEY_SECRET_ARN: props.identityKey.secretArn } : {}),
        ...props.environment,
      },
      bundling: {
        minify: bundlingOptions.minify,
        sourceMap: bundlingOptions.sourceMap,
        sourcesContent: bundlingOptions.sourcesContent,
        target: bundlingOptions.target,
        format: OutputFormat.ESM,
        mainFields: bundlingOptions.mainFields,
        banner: bundlingOptions.banner,
        externalModules: bundlingOptions.externalModules,
        esbuildArgs: Object.fromEntries(Object.entries(bundlingAliases).map(([from, to]) => [`--alias:${from}`, to])),
        define: bundlingDefine(phoneCountriesSetting(this.node.tryGetContext('phoneCountries'))),
        // esbuild from node_modules: synth works offline, without Docker.
        forceDockerBundling: false,
        ...(props.assetFiles
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_input: string, output: string) =>
                  Object.entries(props.assetFiles ?? {}).map(([name, source]) => `cp "${source}" "${output}/${name}"`),
              },
            }
          : {}),
      },
    });
    bindTable(this.fn, props.table, props.tableAccess);
    props.identityKey?.grantRead(this.fn);
  }
}

// Exactly the calls our repositories make; no Scan, no table management.
const readActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/** Read-only unless asked: least privilege by default. */
export function bindTable(fn: lambda.IFunction, table: dynamodb.ITable, access: TableAccess) {
  if (access === 'read') table.grant(fn, ...readActions);
  if (access === 'readwrite') table.grant(fn, ...readActions, ...writeActions);
}
