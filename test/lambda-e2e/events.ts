/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Events as AWS delivers them to Lambda, with the carrier where dd-trace's
// aws-sdk plugin puts it (and where SNS, SQS and EventBridge move it).

type Headers = Record<string, string>;

const ARN = 'us-east-1:123456789012';

export const base64 = (text: string) => Buffer.from(text).toString('base64');

export function sqsRecord(
  id: string,
  options: {
    body?: string;
    attributes?: Record<string, unknown>;
    awsTraceHeader?: string;
  } = {}
) {
  return {
    messageId: id,
    receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
    body: options.body ?? 'hello',
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1545082649183',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1545082649185',
      ...(options.awsTraceHeader
        ? { AWSTraceHeader: options.awsTraceHeader }
        : {}),
    },
    messageAttributes: options.attributes ?? {},
    md5OfBody: '5d41402abc4b2a76b9719d911017c592',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${ARN}:orders`,
    awsRegion: 'us-east-1',
  };
}

/** SendMessage's String attribute, as SQS hands it to Lambda. */
export const sqsString = (headers: Headers) => ({
  _datadog: {
    stringValue: JSON.stringify(headers),
    stringListValues: [],
    binaryListValues: [],
    dataType: 'String',
  },
});

/** SNS's Binary attribute forwarded to SQS with raw message delivery. */
export const sqsBinary = (headers: Headers) => ({
  _datadog: {
    binaryValue: base64(JSON.stringify(headers)),
    stringListValues: [],
    binaryListValues: [],
    dataType: 'Binary',
  },
});

/** Publish's Binary attribute, as SNS shows it to Lambda and in envelopes. */
export const snsBinary = (headers: Headers) => ({
  _datadog: { Type: 'Binary', Value: base64(JSON.stringify(headers)) },
});

export function snsRecord(attributes: Record<string, unknown>) {
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: `arn:aws:sns:${ARN}:orders:2bcfbf39`,
    Sns: {
      Type: 'Notification',
      MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
      TopicArn: `arn:aws:sns:${ARN}:orders`,
      Subject: null,
      Message: 'hello',
      Timestamp: '2024-05-06T20:09:46.505Z',
      SignatureVersion: '1',
      Signature: 'EXAMPLE',
      SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/cert.pem',
      UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
      MessageAttributes: attributes,
    },
  };
}

export function snsEnvelope(attributes: Record<string, unknown>) {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
    TopicArn: `arn:aws:sns:${ARN}:orders`,
    Message: 'hello',
    Timestamp: '2024-05-06T20:09:46.505Z',
    SignatureVersion: '1',
    Signature: 'EXAMPLE',
    SigningCertURL: 'https://sns.us-east-1.amazonaws.com/cert.pem',
    UnsubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
    MessageAttributes: attributes,
  });
}

export function eventBridgeEvent(detail: Record<string, unknown>) {
  return {
    version: '0',
    id: 'fd03f394-a4e3-4e1b-a2e2-1e5a1e1e1e1e',
    'detail-type': 'OrderCreated',
    source: 'orders',
    account: '123456789012',
    time: '2024-05-06T20:09:46Z',
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

export function kinesisRecord(data: unknown) {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: 'p',
      sequenceNumber:
        '49590338271490256608559692538361571095921575989136588898',
      data: base64(typeof data === 'string' ? data : JSON.stringify(data)),
      approximateArrivalTimestamp: 1545084650.987,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID:
      'shardId-000000000006:49590338271490256608559692538361571095921575989136588898',
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda',
    awsRegion: 'us-east-1',
    eventSourceARN: `arn:aws:kinesis:${ARN}:stream/orders`,
  };
}

export function restApiEvent(
  headers: Headers,
  authorizer?: Record<string, unknown>
) {
  return {
    resource: '/orders',
    path: '/orders',
    httpMethod: 'POST',
    headers,
    multiValueHeaders: Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, [v]])
    ),
    queryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      resourcePath: '/orders',
      httpMethod: 'POST',
      path: '/prod/orders',
      accountId: '123456789012',
      protocol: 'HTTP/1.1',
      stage: 'prod',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      domainName: 'api.example.com',
      apiId: 'abc',
      ...(authorizer ? { authorizer } : {}),
    },
    body: '{}',
    isBase64Encoded: false,
  };
}

export function httpApiEvent(
  headers: Headers,
  domainName = 'abc.execute-api.us-east-1.amazonaws.com'
) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/orders',
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc',
      domainName,
      http: {
        method: 'GET',
        path: '/orders',
        protocol: 'HTTP/1.1',
        sourceIp: '1.2.3.4',
        userAgent: 'a',
      },
      requestId: 'id',
      routeKey: '$default',
      stage: '$default',
      timeEpoch: 1583348638390,
    },
    isBase64Encoded: false,
  };
}

export function albMultiValueEvent(headers: Record<string, string[]>) {
  return {
    requestContext: {
      elb: {
        targetGroupArn: `arn:aws:elasticloadbalancing:${ARN}:targetgroup/t/1`,
      },
    },
    httpMethod: 'GET',
    path: '/orders',
    multiValueQueryStringParameters: {},
    multiValueHeaders: headers,
    body: '',
    isBase64Encoded: false,
  };
}

export function appSyncEvent(headers: Headers) {
  return {
    arguments: { id: '1' },
    identity: null,
    source: null,
    request: { headers, domainName: null },
    prev: null,
    info: {
      selectionSetList: ['id'],
      selectionSetGraphQL: '{\n  id\n}',
      parentTypeName: 'Query',
      fieldName: 'getOrder',
      variables: {},
    },
    stash: {},
  };
}

export function durableEvent(headers: Headers) {
  return {
    DurableExecutionArn: `arn:aws:lambda:${ARN}:function:f:$LATEST/durable-execution/e/1`,
    CheckpointToken: 'token',
    InitialExecutionState: {
      Operations: [
        { Id: '1', Type: 'EXECUTION', Name: 'execution' },
        {
          Id: '2',
          Type: 'STEP',
          Name: '_datadog_0',
          StepDetails: { Result: JSON.stringify(headers) },
        },
      ],
    },
  };
}

/** `$$` merged into a Lambda task payload (legacy JSONPath integration). */
export function stepFunctionsPayload(input: Record<string, unknown> = {}) {
  return {
    Execution: {
      Id: 'arn:aws:states:sa-east-1:425362996713:execution:abhinav-activity-state-machine:72a7ca3e-901c-41bb-b5a3-5f279b92a316',
      Input: input,
      Name: '72a7ca3e-901c-41bb-b5a3-5f279b92a316',
      RoleArn: 'arn:aws:iam::425362996713:role/sfn',
      StartTime: '2024-12-04T19:38:04.000Z',
      RedriveCount: 0,
    },
    State: {
      Name: 'Lambda Invoke',
      EnteredTime: '2024-12-04T19:38:04.118Z',
      RetryCount: 0,
    },
    StateMachine: {
      Id: 'arn:aws:states:sa-east-1:425362996713:stateMachine:abhinav-activity-state-machine',
      Name: 'abhinav-activity-state-machine',
    },
  };
}

/** Header names as a browser or curl may send them to a REST API. */
export function capitalised(headers: Headers): Headers {
  const result: Headers = {};
  for (const [key, value] of Object.entries(headers)) {
    result[
      key
        .split('-')
        .map(part => part.charAt(0).toUpperCase() + part.slice(1))
        .join('-')
    ] = value;
  }
  return result;
}

export function datadogOnly(headers: Headers): Headers {
  return Object.fromEntries(
    Object.entries(headers).filter(([key]) => key.startsWith('x-datadog-'))
  );
}

/** One event per source, each carrying producer `i`'s context. */
export function eventsForEverySource(producers: Array<{ headers: Headers }>) {
  let next = 0;
  const scenario = (
    name: string,
    build: (h: Headers) => unknown,
    clientContext?: boolean
  ) => {
    const producer = next++;
    const headers = producers[producer].headers;
    return {
      name,
      producer,
      event: clientContext ? {} : build(headers),
      clientContext: clientContext ? build(headers) : undefined,
    };
  };
  return [
    scenario('SQS (String attribute)', h => ({
      Records: [sqsRecord('m1', { attributes: sqsString(h) })],
    })),
    scenario('SNS to SQS, raw delivery (Binary attribute)', h => ({
      Records: [sqsRecord('m1', { attributes: sqsBinary(h) })],
    })),
    scenario('SNS (Binary attribute)', h => ({
      Records: [snsRecord(snsBinary(h))],
    })),
    scenario('SNS (String attribute)', h => ({
      Records: [
        snsRecord({ _datadog: { Type: 'String', Value: JSON.stringify(h) } }),
      ],
    })),
    scenario('SNS to SQS (envelope)', h => ({
      Records: [sqsRecord('m1', { body: snsEnvelope(snsBinary(h)) })],
    })),
    scenario('EventBridge', h => eventBridgeEvent({ order: 1, _datadog: h })),
    scenario('EventBridge to SQS', h => ({
      Records: [
        sqsRecord('m1', {
          body: JSON.stringify(eventBridgeEvent({ order: 1, _datadog: h })),
        }),
      ],
    })),
    scenario('Kinesis', h => ({
      Records: [kinesisRecord({ order: 1, _datadog: h })],
    })),
    scenario('API Gateway REST (capitalised headers)', h =>
      restApiEvent(capitalised(h))
    ),
    scenario('API Gateway HTTP API', h => httpApiEvent(h)),
    scenario('ALB multi-value headers', h =>
      albMultiValueEvent(
        Object.fromEntries(Object.entries(h).map(([k, v]) => [k, [v]]))
      )
    ),
    scenario('Function URL', h =>
      httpApiEvent(h, 'abc.lambda-url.us-east-1.on.aws')
    ),
    scenario('W3C headers only', h =>
      httpApiEvent({ traceparent: h.traceparent, tracestate: h.tracestate })
    ),
    scenario('Datadog headers only', h => httpApiEvent(datadogOnly(h))),
    scenario('API Gateway authorizer context', h =>
      restApiEvent(
        {},
        {
          integrationLatency: 12,
          principalId: 'u',
          _datadog: base64(JSON.stringify(datadogOnly(h))),
        }
      )
    ),
    scenario('AppSync', h => appSyncEvent(h)),
    scenario('durable execution', h => durableEvent(h)),
    scenario('Lambda client context', h => h, true),
    scenario('Step Functions started by StartExecution', h =>
      stepFunctionsPayload({ order: 1, _datadog: h })
    ),
  ];
}
