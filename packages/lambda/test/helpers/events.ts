/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Events shaped as AWS delivers them to Lambda (after the AWS Lambda event
// docs and datadog-lambda-js's fixtures), with the carrier where dd-trace's
// aws-sdk plugin puts it.

type Headers = Record<string, string>;

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

let sequence = 0;
function id(): string {
  sequence++;
  return `059f36b4-87a3-44ab-83d2-${String(sequence).padStart(12, '0')}`;
}

/** One SQS record; `attributes` are its message attributes (Lambda shape). */
export function sqsRecord(
  options: {
    body?: string;
    messageAttributes?: Record<string, unknown>;
    awsTraceHeader?: string;
  } = {}
) {
  const attributes: Record<string, string> = {
    ApproximateReceiveCount: '1',
    SentTimestamp: '1545082649183',
    SenderId: 'AIDAIENQZJOLO23YVJ4VO',
    ApproximateFirstReceiveTimestamp: '1545082649185',
  };
  if (options.awsTraceHeader !== undefined) {
    attributes.AWSTraceHeader = options.awsTraceHeader;
  }
  return {
    messageId: id(),
    receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
    body: options.body ?? 'Test message.',
    attributes,
    messageAttributes: options.messageAttributes ?? {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:my-queue`,
    awsRegion: REGION,
  };
}

/** `_datadog` as dd-trace's SQS SendMessage writes it (String JSON). */
export function sqsStringAttribute(headers: Headers) {
  return {
    _datadog: {
      stringValue: JSON.stringify(headers),
      stringListValues: [],
      binaryListValues: [],
      dataType: 'String',
    },
  };
}

/** `_datadog` as SNS raw delivery forwards dd-trace's Binary attribute. */
export function sqsBinaryAttribute(headers: Headers) {
  return {
    _datadog: {
      binaryValue: base64(JSON.stringify(headers)),
      stringListValues: [],
      binaryListValues: [],
      dataType: 'Binary',
    },
  };
}

export function sqsEvent(records: unknown[]) {
  return { Records: records };
}

/** The SNS message attribute dd-trace writes (`Binary`), as Lambda shows it. */
export function snsBinaryAttribute(headers: Headers) {
  return { Type: 'Binary', Value: base64(JSON.stringify(headers)) };
}

export function snsStringAttribute(headers: Headers) {
  return { Type: 'String', Value: JSON.stringify(headers) };
}

export function snsRecord(messageAttributes: Record<string, unknown> = {}) {
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: `arn:aws:sns:${REGION}:${ACCOUNT}:my-topic:${id()}`,
    Sns: {
      Type: 'Notification',
      MessageId: id(),
      TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:my-topic`,
      Subject: null,
      Message: 'hello',
      Timestamp: '2024-05-06T20:09:46.505Z',
      SignatureVersion: '1',
      Signature: 'EXAMPLE',
      SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/cert.pem',
      UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
      MessageAttributes: messageAttributes,
    },
  };
}

/** The SNS notification envelope an SQS subscriber without raw delivery gets. */
export function snsEnvelope(messageAttributes: Record<string, unknown> = {}) {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: id(),
    TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:my-topic`,
    Message: 'hello',
    Timestamp: '2024-05-06T20:09:46.505Z',
    SignatureVersion: '1',
    Signature: 'EXAMPLE',
    SigningCertURL: 'https://sns.us-east-1.amazonaws.com/cert.pem',
    UnsubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
    MessageAttributes: messageAttributes,
  });
}

/** An EventBridge event whose detail carries `_datadog` (dd-trace PutEvents). */
export function eventBridgeEvent(headers?: Headers) {
  return {
    version: '0',
    id: id(),
    'detail-type': 'OrderCreated',
    source: 'my.app',
    account: ACCOUNT,
    time: '2024-05-06T20:09:46Z',
    region: REGION,
    resources: [],
    detail:
      headers === undefined ? { order: 1 } : { order: 1, _datadog: headers },
  };
}

/** A Kinesis record whose JSON data carries `_datadog`. */
export function kinesisRecord(data: string) {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: '1',
      sequenceNumber:
        '49590338271490256608559692538361571095921575989136588898',
      data: base64(data),
      approximateArrivalTimestamp: 1545084650.987,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000006:${id()}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: `arn:aws:iam::${ACCOUNT}:role/lambda-role`,
    awsRegion: REGION,
    eventSourceARN: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/my-stream`,
  };
}

/** API Gateway REST (v1) proxy event; header names as the client sent them. */
export function restApiEvent(headers: Record<string, string>) {
  const multiValueHeaders: Record<string, string[]> = {};
  for (const key of Object.keys(headers))
    multiValueHeaders[key] = [headers[key]];
  return {
    resource: '/{proxy+}',
    path: '/hello',
    httpMethod: 'GET',
    headers,
    multiValueHeaders,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: 'hello' },
    stageVariables: null,
    requestContext: {
      resourceId: '123456',
      resourcePath: '/{proxy+}',
      httpMethod: 'GET',
      extendedRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTime: '09/Apr/2015:12:34:56 +0000',
      path: '/prod/hello',
      accountId: ACCOUNT,
      protocol: 'HTTP/1.1',
      stage: 'prod',
      domainPrefix: 'api',
      requestTimeEpoch: 1428582896000,
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      identity: {
        sourceIp: '127.0.0.1',
        userAgent: 'Custom User Agent String',
      },
      domainName: 'api.example.com',
      apiId: '1234567890',
    },
    body: null,
    isBase64Encoded: false,
  };
}

/** API Gateway HTTP API (v2) event: lowercase header names. */
export function httpApiEvent(
  headers: Record<string, string>,
  domainName = 'id.execute-api.us-east-1.amazonaws.com'
) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/hello',
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: ACCOUNT,
      apiId: 'api-id',
      domainName,
      domainPrefix: 'id',
      http: {
        method: 'GET',
        path: '/hello',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'agent',
      },
      requestId: 'id',
      routeKey: '$default',
      stage: '$default',
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
    },
    isBase64Encoded: false,
  };
}

/** ALB event in multi-value headers mode. */
export function albMultiValueEvent(headers: Record<string, string[]>) {
  return {
    requestContext: {
      elb: {
        targetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/lambda/abc`,
      },
    },
    httpMethod: 'GET',
    path: '/lambda',
    multiValueQueryStringParameters: {},
    multiValueHeaders: headers,
    body: '',
    isBase64Encoded: false,
  };
}

/** Step Functions context object (`$$`) merged into a Lambda task payload. */
export function stepFunctionsContext(options: {
  executionId: string;
  stateName: string;
  enteredTime: string;
  retryCount?: number;
  redriveCount?: number;
  input?: unknown;
}) {
  return {
    Execution: {
      Id: options.executionId,
      Input: options.input ?? {},
      StartTime: '2024-12-04T19:38:04.000Z',
      Name: options.executionId.split(':').pop(),
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/sfn`,
      RedriveCount: options.redriveCount ?? 0,
    },
    State: {
      Name: options.stateName,
      EnteredTime: options.enteredTime,
      RetryCount: options.retryCount ?? 0,
    },
    StateMachine: {
      Id: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:machine`,
      Name: 'machine',
    },
  };
}

/** A fake Lambda context, as the runtime builds it. */
export function lambdaContext(custom?: unknown) {
  return {
    functionName: 'my-function',
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:my-function`,
    memoryLimitInMB: '128',
    awsRequestId: id(),
    logGroupName: '/aws/lambda/my-function',
    logStreamName: '2024/05/06/[$LATEST]abc',
    callbackWaitsForEmptyEventLoop: true,
    clientContext:
      custom === undefined ? undefined : { client: {}, custom, env: {} },
    getRemainingTimeInMillis: () => 1000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
