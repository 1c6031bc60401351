import { Match } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { QUEUE_MAX_RECEIVE_COUNT } from "../../functions/aws/crawl-worker.js";
import { SCHEDULER_ENVIRONMENT_NAMES } from "../../functions/aws/scheduler-settings.js";
import { CRAWLER_V8_FLAGS } from "../../functions/crawl/v8-flags.js";
import { synthApp } from "./synth-app.js";

type Resource = { Type: string; Properties?: Record<string, unknown> };

const synthesized = synthApp();
const stateless = synthesized.statelessTemplate;
const resources = stateless.toJSON().Resources as Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const logicalIdOf = (value: unknown): string | undefined => {
  const v = value as { Ref?: string; "Fn::GetAtt"?: [string, string] } | undefined;
  return v?.Ref ?? v?.["Fn::GetAtt"]?.[0];
};
const functionId = (service: string) => {
  const found = ofType("AWS::Lambda::Function").find(
    ([, r]) =>
      (r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables
        ?.POWERTOOLS_SERVICE_NAME === service,
  );
  if (!found) throw new Error(`no ${service} function`);
  return found[0];
};

/** The logical id of the user pool client whose construct id is `name` (e.g. `Dashboard`, `Web`). */
const clientId = (name: string) => {
  const found = ofType("AWS::Cognito::UserPoolClient").filter(([id]) =>
    id.startsWith(`DashboardUsers${name}`),
  );
  if (found.length !== 1) throw new Error(`expected one ${name} client, found ${found.length}`);
  return found[0]![0];
};
const apiId = () => {
  const [api] = ofType("AWS::ApiGatewayV2::Api");
  if (!api) throw new Error("no HTTP API");
  return api[0];
};
/** `{apiEndpoint}{path}` as CloudFormation sees it. */
const apiUrl = (path: string) => ({ "Fn::Join": ["", [{ "Fn::GetAtt": [apiId(), "ApiEndpoint"] }, path]] });

const apiVariables = () =>
  (
    resources[functionId("api")]?.Properties?.Environment as
      | { Variables?: Record<string, unknown> }
      | undefined
  )?.Variables ?? {};
/** The role EventBridge Scheduler assumes to invoke `service`'s function. */
const invokerRoleId = (service: string) => {
  const prefix = service === "plan" ? "PlanSchedulerRole" : "NotifierSchedulerRole";
  const found = ofType("AWS::IAM::Role").filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${prefix}, found ${found.length}`);
  return found[0]![0];
};

const roleIdOf = (service: string) => {
  const id = logicalIdOf(
    (resources[functionId(service)]?.Properties as { Role?: unknown } | undefined)?.Role,
  );
  if (!id) throw new Error(`no role for ${service}`);
  return id;
};
/** A stateful key's ARN (by KeySpec) as the stateless stack sees it: an import of the stateful stack's export. */
const importedKeyArn = (keySpec: string) => {
  const stateful = synthesized.statefulTemplate.toJSON() as {
    Resources: Record<string, Resource>;
    Outputs: Record<string, { Value: unknown; Export?: { Name: string } }>;
  };
  const [keyId] =
    Object.entries(stateful.Resources).find(
      ([, r]) => r.Type === "AWS::KMS::Key" && r.Properties?.KeySpec === keySpec,
    ) ?? [];
  if (!keyId) throw new Error(`no ${keySpec} key`);
  const keyArn = JSON.stringify({ "Fn::GetAtt": [keyId, "Arn"] });
  const exported = Object.values(stateful.Outputs).find(
    (o) => o.Export && JSON.stringify(o.Value) === keyArn,
  );
  if (!exported?.Export) throw new Error(`the ${keySpec} key ARN is not exported`);
  return { "Fn::ImportValue": exported.Export.Name };
};
const evidenceKeyArn = importedKeyArn("ECC_NIST_EDWARDS25519");
const sessionKeyArn = importedKeyArn("SYMMETRIC_DEFAULT");

type Statement = { Effect?: string; Action?: string | string[]; Resource?: unknown; Condition?: unknown };
/** Every identity-policy statement of both stacks, with the logical ids of the roles it is attached to. */
const identityStatements = (): Array<{ stack: string; roles: string[]; statement: Statement }> => {
  const found: Array<{ stack: string; roles: string[]; statement: Statement }> = [];
  const templates = { stateful: synthesized.statefulTemplate, stateless };
  for (const [stack, template] of Object.entries(templates)) {
    const all = template.toJSON().Resources as Record<string, Resource>;
    for (const [id, r] of Object.entries(all)) {
      const props = r.Properties ?? {};
      const documents: Array<{ roles: string[]; document: unknown }> = [];
      if (r.Type === "AWS::IAM::Policy" || r.Type === "AWS::IAM::ManagedPolicy") {
        const roles = ((props.Roles as unknown[] | undefined) ?? []).map((x) => logicalIdOf(x) ?? "?");
        documents.push({ roles, document: props.PolicyDocument });
      }
      if (r.Type === "AWS::IAM::Role") {
        for (const inline of (props.Policies as Array<{ PolicyDocument: unknown }> | undefined) ?? [])
          documents.push({ roles: [id], document: inline.PolicyDocument });
      }
      for (const { roles, document } of documents) {
        for (const statement of (document as { Statement: Statement[] }).Statement)
          found.push({ stack, roles, statement });
      }
    }
  }
  return found;
};
const actionsOf = (statement: Statement) => ([] as string[]).concat(statement.Action ?? []);

describe("deployment settings", () => {
  it("refuse a leftover tenantConfigs: the deploy registers no tenant any more", () => {
    expect(() => synthApp({ tenantConfigs: "examples/demo.yaml" })).toThrow(/tenant apply --table/);
  });
});

describe("stateless stack", () => {
  it("gives every work queue a DLQ with maxReceiveCount 5, and alarms on every DLQ", () => {
    const deadLetterIds = new Set<string>();
    const collect = (value: unknown) => {
      const id = logicalIdOf(value);
      if (id) deadLetterIds.add(id);
    };
    for (const [, q] of ofType("AWS::SQS::Queue")) {
      collect(
        (q.Properties?.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined)?.deadLetterTargetArn,
      );
    }
    for (const [, f] of ofType("AWS::Lambda::Function")) {
      collect((f.Properties?.DeadLetterConfig as { TargetArn?: unknown } | undefined)?.TargetArn);
    }
    for (const [, m] of ofType("AWS::Lambda::EventSourceMapping")) {
      collect(
        (m.Properties?.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)?.OnFailure
          ?.Destination,
      );
    }
    // Tenants' schedules, created at run time, name this queue as their dead-letter target.
    collect(apiVariables().TENANT_SCHEDULE_DLQ_ARN);
    const queues = ofType("AWS::SQS::Queue");
    expect(queues.length).toBeGreaterThanOrEqual(6);
    const workQueues = queues.filter(([id]) => !deadLetterIds.has(id));
    expect(workQueues).toHaveLength(2);
    for (const [id, q] of workQueues) {
      expect(q.Properties?.RedrivePolicy, id).toEqual({
        deadLetterTargetArn: expect.anything(),
        maxReceiveCount: 5,
      });
    }
    const alarmedQueues = ofType("AWS::CloudWatch::Alarm")
      .filter(([, a]) => a.Properties?.MetricName === "ApproximateNumberOfMessagesVisible")
      .map(([, a]) => {
        expect(a.Properties?.Threshold).toBe(0);
        expect(a.Properties?.ComparisonOperator).toBe("GreaterThanThreshold");
        const dims = a.Properties?.Dimensions as Array<{ Name: string; Value: unknown }>;
        return logicalIdOf(
          (dims.find((d) => d.Name === "QueueName")?.Value as { "Fn::GetAtt": unknown }) ?? {},
        );
      });
    expect(new Set(alarmedQueues)).toEqual(deadLetterIds);
  });

  it("runs every function on Node.js 24 with an explicit log group that has a retention", () => {
    const functions = ofType("AWS::Lambda::Function");
    expect(functions).toHaveLength(6);
    const logGroups = new Map(ofType("AWS::Logs::LogGroup"));
    for (const [id, fn] of functions) {
      expect(fn.Properties?.Runtime, id).toBe("nodejs24.x");
      const groupId = logicalIdOf(
        (fn.Properties?.LoggingConfig as { LogGroup?: unknown } | undefined)?.LogGroup,
      );
      expect(groupId, id).toBeDefined();
      expect(logGroups.get(groupId!)?.Properties?.RetentionInDays, id).toBeGreaterThan(0);
    }
  });

  it("runs on ARM64, except the browser function whose npm Chromium build is x86-64 only", () => {
    for (const [id, fn] of ofType("AWS::Lambda::Function")) {
      const expected = id === functionId("browser") ? ["x86_64"] : ["arm64"];
      expect(fn.Properties?.Architectures, id).toEqual(expected);
    }
  });

  it("deploys no tenant's schedule, only the group tenants' schedules are created in at run time", () => {
    stateless.resourceCountIs("AWS::Scheduler::Schedule", 0);
    const groups = ofType("AWS::Scheduler::ScheduleGroup");
    expect(groups).toHaveLength(1);
    expect(groups[0]?.[1].Properties?.Name).toBe("pricewarden-dev");
  });

  it("hands the api function the group, both targets, their invoker roles and the schedule DLQ", () => {
    const [groupId] = ofType("AWS::Scheduler::ScheduleGroup")[0]!;
    const variables = apiVariables();
    expect(variables).toMatchObject({
      TENANT_SCHEDULE_GROUP: "pricewarden-dev",
      TENANT_RUN_TARGET_ARN: { "Fn::GetAtt": [functionId("plan"), "Arn"] },
      TENANT_RUN_ROLE_ARN: { "Fn::GetAtt": [invokerRoleId("plan"), "Arn"] },
      TENANT_NOTIFY_TARGET_ARN: { "Fn::GetAtt": [functionId("notify"), "Arn"] },
      TENANT_NOTIFY_ROLE_ARN: { "Fn::GetAtt": [invokerRoleId("notify"), "Arn"] },
      TENANT_SCHEDULE_DLQ_ARN: { "Fn::GetAtt": [expect.stringMatching(/^ScheduleFailures/), "Arn"] },
    });
    // Scheduler may assume the invoker roles only for schedules of this group in this account.
    for (const service of ["plan", "notify"]) {
      const trust = resources[invokerRoleId(service)]?.Properties?.AssumeRolePolicyDocument as {
        Statement: Statement[];
      };
      expect(trust.Statement, service).toEqual([
        {
          Action: "sts:AssumeRole",
          Effect: "Allow",
          Principal: { Service: "scheduler.amazonaws.com" },
          Condition: {
            StringEquals: {
              "aws:SourceAccount": "111111111111",
              "aws:SourceArn": { "Fn::GetAtt": [groupId, "Arn"] },
            },
          },
        },
      ]);
    }
  });

  it("lets each invoker role invoke its own function (unqualified) and write the schedule DLQ, nothing else", () => {
    for (const service of ["plan", "notify"]) {
      const statements = identityStatements()
        .filter(({ roles }) => roles.includes(invokerRoleId(service)))
        .map((s) => s.statement);
      expect(statements, service).toEqual([
        {
          Effect: "Allow",
          Action: "lambda:InvokeFunction",
          Resource: { "Fn::GetAtt": [functionId(service), "Arn"] },
        },
        { Effect: "Allow", Action: "sqs:SendMessage", Resource: apiVariables().TENANT_SCHEDULE_DLQ_ARN },
      ]);
    }
  });

  it("lets the api role write schedules in the platform's group only, and pass only the two invoker roles to Scheduler", () => {
    const apiStatements = identityStatements()
      .filter(({ roles }) => roles.includes(roleIdOf("api")))
      .map((s) => s.statement);
    const onSchedules = apiStatements.filter((s) => actionsOf(s).some((a) => a.startsWith("scheduler:")));
    expect(onSchedules).toEqual([
      {
        Effect: "Allow",
        Action: ["scheduler:CreateSchedule", "scheduler:UpdateSchedule"],
        Resource: {
          "Fn::Join": [
            "",
            [
              "arn:",
              { Ref: "AWS::Partition" },
              ":scheduler:us-east-1:111111111111:schedule/pricewarden-dev/*",
            ],
          ],
        },
      },
    ]);
    const passRole = apiStatements.filter((s) => actionsOf(s).some((a) => a.startsWith("iam:")));
    expect((passRole[0]?.Resource as unknown[] | undefined)?.length).toBe(2);
    expect(passRole).toEqual([
      {
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: expect.arrayContaining([
          { "Fn::GetAtt": [invokerRoleId("plan"), "Arn"] },
          { "Fn::GetAtt": [invokerRoleId("notify"), "Arn"] },
        ]),
        Condition: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
      },
    ]);
    // No other role may touch schedules or pass roles.
    const elsewhere = identityStatements().filter(
      ({ roles, statement }) =>
        !roles.includes(roleIdOf("api")) &&
        actionsOf(statement).some((a) => a.startsWith("scheduler:") || a === "iam:PassRole"),
    );
    expect(elsewhere).toEqual([]);
  });

  it("outputs the api function's Scheduler settings as one line for the CLI's --table", () => {
    const outputs = stateless.toJSON().Outputs as Record<string, { Value: unknown }>;
    const [, output] =
      Object.entries(outputs).find(([id]) => id.startsWith("TenantSchedulerEnvironment")) ?? [];
    const text = JSON.stringify(output?.Value);
    expect(SCHEDULER_ENVIRONMENT_NAMES).toHaveLength(6);
    for (const name of SCHEDULER_ENVIRONMENT_NAMES) {
      expect(text).toContain(`${name}=`);
      expect(apiVariables()[name], name).toBeDefined();
    }
  });

  it("consumes the crawl queue in batches of 20 with partial failures and a concurrency cap", () => {
    stateless.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: functionId("crawl") },
      BatchSize: 20,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ScalingConfig: { MaximumConcurrency: 50 },
    });
    stateless.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: functionId("render") },
      BatchSize: 1,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
  });

  it("feeds the notifier only alert items with pending deliveries, one invocation at a time", () => {
    stateless.hasResourceProperties("AWS::Lambda::Function", {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: "notify",
          // Alert links in notifications point at the dashboard's endpoint.
          DASHBOARD_URL: { "Fn::GetAtt": [Match.stringLikeRegexp("^DashboardHttpApi"), "ApiEndpoint"] },
        }),
      },
      ReservedConcurrentExecutions: 1,
    });
    stateless.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: functionId("notify") },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ["INSERT", "MODIFY"],
              dynamodb: { NewImage: { gsi3pk: { S: [{ exists: true }] } } },
            }),
          },
        ],
      },
    });
  });

  it("has a pricewarden-admin group in the user pool for tenant administration", () => {
    const [poolId] = ofType("AWS::Cognito::UserPool")[0]!;
    const groups = ofType("AWS::Cognito::UserPoolGroup");
    expect(groups).toHaveLength(1);
    expect(groups[0]?.[1].Properties).toMatchObject({
      GroupName: "pricewarden-admin",
      UserPoolId: { Ref: poolId },
    });
    // A group with a role would hand its members AWS credentials through an identity pool.
    expect(groups[0]?.[1].Properties?.RoleArn).toBeUndefined();
  });

  it("lets only the api role create users, in this pool only, and change or delete none", () => {
    const [poolId] = ofType("AWS::Cognito::UserPool")[0]!;
    const onUsers = identityStatements().filter(({ statement }) =>
      actionsOf(statement).some((a) => a.startsWith("cognito-idp:")),
    );
    expect(onUsers).toEqual([
      {
        stack: "stateless",
        roles: [roleIdOf("api")],
        statement: {
          Effect: "Allow",
          Action: "cognito-idp:AdminCreateUser",
          Resource: { "Fn::GetAtt": [poolId, "Arn"] },
        },
      },
    ]);
    expect(apiVariables().TENANT_USER_POOL_ID).toEqual({ Ref: poolId });
  });

  it("keeps the Cognito user pool admin-only with MFA, and the stage throttled and access-logged", () => {
    const [pool] = ofType("AWS::Cognito::UserPool");
    expect(pool?.[1].Properties?.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
    expect(pool?.[1].Properties?.MfaConfiguration).toBe("ON");
    const stages = ofType("AWS::ApiGatewayV2::Stage");
    expect(stages).toHaveLength(1);
    expect(stages[0]?.[1].Properties).toMatchObject({
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
      AccessLogSettings: { DestinationArn: expect.anything(), Format: expect.any(String) },
    });
  });

  it("authorizes /api/* at the gateway with the Dashboard client's JWTs, and leaves browser paths to the function", () => {
    const routes = Object.fromEntries(
      ofType("AWS::ApiGatewayV2::Route").map(([, r]) => [r.Properties?.RouteKey as string, r.Properties]),
    );
    expect(Object.keys(routes).sort()).toEqual([
      "ANY /admin/{proxy+}",
      "ANY /api/{proxy+}",
      "ANY /{proxy+}",
      "GET /",
    ]);

    const authorizers = ofType("AWS::ApiGatewayV2::Authorizer");
    expect(authorizers).toHaveLength(1);
    const [authorizerId, authorizer] = authorizers[0]!;
    for (const key of ["ANY /api/{proxy+}", "ANY /admin/{proxy+}"]) {
      expect(routes[key], key).toMatchObject({
        AuthorizationType: "JWT",
        AuthorizerId: { Ref: authorizerId },
      });
    }
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: { Audience: [{ Ref: clientId("Dashboard") }] },
    });
    for (const key of ["GET /", "ANY /{proxy+}"]) {
      expect(routes[key]?.AuthorizationType, key).toBe("NONE");
      expect(routes[key]?.AuthorizerId, key).toBeUndefined();
    }

    const integrations = ofType("AWS::ApiGatewayV2::Integration");
    expect(integrations).toHaveLength(1);
    const [integrationId, integration] = integrations[0]!;
    expect(integration.Properties?.IntegrationUri).toEqual({ "Fn::GetAtt": [functionId("api"), "Arn"] });
    for (const [key, route] of Object.entries(routes))
      expect(JSON.stringify(route?.Target), key).toContain(integrationId);
  });

  it("signs browsers in through a hosted-UI Web client: code grant only, no secret, callback and logout on the API", () => {
    const web = resources[clientId("Web")]?.Properties;
    expect(web?.AllowedOAuthFlows).toEqual(["code"]);
    expect(web?.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(web?.GenerateSecret).toBe(false);
    expect([...((web?.AllowedOAuthScopes as string[] | undefined) ?? [])].sort()).toEqual([
      "email",
      "openid",
      "profile",
    ]);
    expect(web?.SupportedIdentityProviders).toEqual(["COGNITO"]);
    expect(web?.PreventUserExistenceErrors).toBe("ENABLED");
    expect(web?.CallbackURLs).toEqual([apiUrl("/auth/callback")]);
    expect(web?.LogoutURLs).toEqual([apiUrl("/signed-out")]);
    expect(web?.ReadAttributes).toEqual(
      expect.arrayContaining(["email", "custom:tenant", "custom:role", "custom:distributor"]),
    );
    expect(web?.WriteAttributes).toEqual(["name"]);
    // The bearer-token client is the gateway's audience and stays as it was.
    expect(resources[clientId("Dashboard")]?.Properties?.ExplicitAuthFlows).toEqual([
      "ALLOW_USER_SRP_AUTH",
      "ALLOW_REFRESH_TOKEN_AUTH",
    ]);
  });

  it("gives the user pool a Cognito prefix domain with the classic hosted UI", () => {
    const domains = ofType("AWS::Cognito::UserPoolDomain");
    expect(domains).toHaveLength(1);
    const [poolId] = ofType("AWS::Cognito::UserPool")[0]!;
    expect(domains[0]?.[1].Properties).toEqual({
      Domain: "pricewarden-dev-111111111111",
      ManagedLoginVersion: 1,
      UserPoolId: { Ref: poolId },
    });
  });

  it("passes the browser sign-in settings to the api function, and outputs the Web client and login URL", () => {
    const [poolId] = ofType("AWS::Cognito::UserPool")[0]!;
    const [domainId] = ofType("AWS::Cognito::UserPoolDomain")[0]!;
    const variables = (
      resources[functionId("api")]?.Properties?.Environment as
        | { Variables?: Record<string, unknown> }
        | undefined
    )?.Variables;
    expect(variables).toMatchObject({
      AUTH_ISSUER: { "Fn::Join": ["", ["https://cognito-idp.us-east-1.amazonaws.com/", { Ref: poolId }]] },
      AUTH_DOMAIN: { "Fn::Join": ["", ["https://", { Ref: domainId }, ".auth.us-east-1.amazoncognito.com"]] },
      AUTH_WEB_CLIENT_ID: { Ref: clientId("Web") },
      PUBLIC_BASE_URL: { "Fn::GetAtt": [apiId(), "ApiEndpoint"] },
    });
    const outputs = Object.values(stateless.toJSON().Outputs as Record<string, { Value: unknown }>).map(
      (o) => o.Value,
    );
    expect(outputs).toContainEqual({ Ref: clientId("Web") });
    expect(outputs).toContainEqual(apiUrl("/login"));
  });

  it("alarms on errors of every function", () => {
    const errorAlarms = ofType("AWS::CloudWatch::Alarm").filter(
      ([, a]) => a.Properties?.MetricName === "Errors",
    );
    const alarmed = errorAlarms.map(([, a]) => {
      const dims = a.Properties?.Dimensions as Array<{ Name: string; Value: unknown }>;
      return logicalIdOf(dims.find((d) => d.Name === "FunctionName")?.Value);
    });
    expect(new Set(alarmed)).toEqual(new Set(ofType("AWS::Lambda::Function").map(([id]) => id)));
  });

  it("never allows a wildcard action in any policy, IAM or resource-based", () => {
    const offenders: string[] = [];
    const visit = (value: unknown, path: string) => {
      if (Array.isArray(value)) {
        value.forEach((v, i) => {
          visit(v, `${path}[${i}]`);
        });
        return;
      }
      if (!value || typeof value !== "object") return;
      const statement = value as { Effect?: unknown; Action?: unknown; NotAction?: unknown };
      if (statement.Effect === "Allow") {
        if (statement.NotAction !== undefined) offenders.push(`${path}: NotAction`);
        const actions = ([] as unknown[]).concat(statement.Action ?? []);
        for (const action of actions)
          if (typeof action === "string" && action.includes("*")) offenders.push(`${path}: ${action}`);
      }
      for (const [k, v] of Object.entries(value)) visit(v, `${path}.${k}`);
    };
    for (const template of [synthesized.statefulTemplate, stateless]) visit(template.toJSON().Resources, "");
    expect(offenders).toEqual([]);
  });

  it("runs the crawl and render workers with the crawler's V8 flags", () => {
    for (const service of ["crawl", "render"]) {
      const fn = resources[functionId(service)]!;
      const variables = (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
        ?.Variables;
      expect(variables?.NODE_OPTIONS, service).toBe(CRAWLER_V8_FLAGS.join(" "));
    }
  });

  it("passes the evidence signing key's ARN as EVIDENCE_KEY_ID to the crawl and render workers only", () => {
    const workers = new Set([functionId("crawl"), functionId("render")]);
    for (const [id, fn] of ofType("AWS::Lambda::Function")) {
      const variables =
        (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      if (workers.has(id)) {
        expect(variables.EVIDENCE_KEY_ID, id).toEqual(evidenceKeyArn);
        expect(variables.EVIDENCE_BUCKET, id).toBeDefined();
      } else {
        expect(variables.EVIDENCE_KEY_ID, id).toBeUndefined();
      }
    }
  });

  it("lets exactly the crawl and render roles sign (pure Ed25519) and read the public key, on that key only", () => {
    const kmsStatements = identityStatements().filter(
      ({ statement }) =>
        actionsOf(statement).some((action) => action.toLowerCase().startsWith("kms:")) &&
        JSON.stringify(statement.Resource) !== JSON.stringify(sessionKeyArn),
    );
    const workerRoles = [roleIdOf("crawl"), roleIdOf("render")];
    expect(new Set(kmsStatements.map(({ stack }) => stack))).toEqual(new Set(["stateless"]));
    expect(new Set(kmsStatements.flatMap(({ roles }) => roles))).toEqual(new Set(workerRoles));
    for (const role of workerRoles) {
      const statements = kmsStatements.filter(({ roles }) => roles.includes(role)).map((s) => s.statement);
      expect(statements, role).toHaveLength(2);
      expect(statements, role).toEqual(
        expect.arrayContaining([
          {
            Effect: "Allow",
            Action: "kms:Sign",
            Resource: evidenceKeyArn,
            Condition: { StringEquals: { "kms:SigningAlgorithm": "ED25519_SHA_512" } },
          },
          { Effect: "Allow", Action: "kms:GetPublicKey", Resource: evidenceKeyArn },
        ]),
      );
    }
  });

  it("passes the session key's ARN as SESSION_KEY_ID to the render function only", () => {
    for (const [id, fn] of ofType("AWS::Lambda::Function")) {
      const variables =
        (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      if (id === functionId("render")) expect(variables.SESSION_KEY_ID, id).toEqual(sessionKeyArn);
      else expect(variables.SESSION_KEY_ID, id).toBeUndefined();
    }
  });

  it("lets only the render role use the session key: kms:Decrypt, under a session's encryption context", () => {
    const onSessionKey = identityStatements().filter(({ statement }) =>
      JSON.stringify(statement.Resource).includes(JSON.stringify(sessionKeyArn)),
    );
    expect(onSessionKey).toEqual([
      {
        stack: "stateless",
        roles: [roleIdOf("render")],
        statement: {
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: sessionKeyArn,
          Condition: {
            "ForAllValues:StringEquals": { "kms:EncryptionContextKeys": ["tenant", "channel", "session"] },
            Null: {
              "kms:EncryptionContext:tenant": "false",
              "kms:EncryptionContext:channel": "false",
              "kms:EncryptionContext:session": "false",
            },
          },
        },
      },
    ]);
    // Nobody in the app seals sessions (imports are an operator's) or decrypts anything else.
    const all = identityStatements().flatMap(({ statement }) => actionsOf(statement));
    expect(all).not.toContain("kms:GenerateDataKey");
    expect(all.filter((a) => a === "kms:Decrypt")).toHaveLength(1);
  });

  it("lets only the crawl and render roles update items (run coverage; sessions' health and pacing), on the table only", () => {
    const updates = identityStatements().filter(({ statement }) =>
      actionsOf(statement).includes("dynamodb:UpdateItem"),
    );
    expect(updates.flatMap((u) => u.roles).sort()).toEqual([roleIdOf("crawl"), roleIdOf("render")].sort());
    for (const update of updates) {
      expect(actionsOf(update.statement)).toEqual(["dynamodb:UpdateItem"]);
      const resources = ([] as unknown[]).concat(update.statement.Resource);
      expect(resources).toHaveLength(1);
      expect(JSON.stringify(resources[0])).not.toContain("index");
    }
  });

  it("lets the plan function close runs: Get/Put/Query on the table, Query on gsi1 (open alerts), no updates", () => {
    const onTable = identityStatements().filter(
      ({ roles, statement }) =>
        roles.includes(roleIdOf("plan")) && actionsOf(statement).some((a) => a.startsWith("dynamodb:")),
    );
    expect(onTable).toHaveLength(1);
    expect(actionsOf(onTable[0]!.statement).sort()).toEqual([
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
    ]);
    const resources = JSON.stringify(onTable[0]!.statement.Resource);
    expect(resources).toContain("/index/gsi1");
    expect(resources).not.toContain("/index/gsi2");
    expect(resources).not.toContain("/index/gsi3");
  });

  it("alarms when a closed run had a blind channel, and when a run's summary could not be written", () => {
    const byMetric = Object.fromEntries(
      ofType("AWS::CloudWatch::Alarm")
        .filter(([, a]) => a.Properties?.Namespace === "Pricewarden/dev")
        .map(([, a]) => [a.Properties?.MetricName as string, a.Properties]),
    );
    expect(Object.keys(byMetric).sort()).toEqual(["blindChannels", "runSummaryFailures"]);
    for (const alarm of Object.values(byMetric)) {
      expect(alarm).toMatchObject({
        // The plan function's EMF lines: Powertools adds the service as a dimension.
        Dimensions: [{ Name: "service", Value: "plan" }],
        Statistic: "Maximum",
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
        TreatMissingData: "notBreaching",
        AlarmActions: [{ Ref: expect.stringMatching(/^Alarms/) }],
      });
    }
  });

  it("redrives work messages after as many receives as the crawl worker expects (a last failure counts as an error page)", () => {
    for (const [id, q] of ofType("AWS::SQS::Queue")) {
      const redrive = q.Properties?.RedrivePolicy as { maxReceiveCount?: number } | undefined;
      if (redrive) expect(redrive.maxReceiveCount, id).toBe(QUEUE_MAX_RECEIVE_COUNT);
    }
  });

  it("grants table access per function: no Scan, no index wildcard", () => {
    const policies = ofType("AWS::IAM::Policy").map(([, p]) => JSON.stringify(p.Properties?.PolicyDocument));
    const all = policies.join("\n");
    expect(all).not.toContain("dynamodb:Scan");
    expect(all).not.toContain("/index/*");
    expect(all).toContain("/index/gsi3");
  });

  it("has no unacknowledged cdk-nag AwsSolutions errors, and every acknowledgement has a reason", () => {
    const report = new AwsSolutionsChecks().validateScope(synthesized.app);
    const errors = report.violations
      .filter((v) => v.severity === "error")
      .map((v) => `${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath).join(", ")}`);
    expect(errors).toEqual([]);
    const reasons: string[] = [];
    const walk = (node: typeof synthesized.app.node) => {
      for (const entry of node.metadata) {
        if (entry.type === "aws:cdk:acknowledged-rules" || /acknowledg/i.test(entry.type)) {
          for (const reason of Object.values(entry.data as Record<string, string>))
            reasons.push(String(reason));
        }
      }
      for (const child of node.children) walk(child.node);
    };
    walk(synthesized.app.node);
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason.length).toBeGreaterThan(20);
  });
});

/**
 * Hostile pages render in the browser function, without Chromium's sandbox (Lambda has no user
 * namespaces): one renderer exploit owns the function's credentials. They must not be able to sign
 * evidence, write the evidence bucket, or read or write any tenant's items.
 */
describe("the browser function's role", () => {
  const browserRole = () => roleIdOf("browser");
  const browserStatements = () =>
    identityStatements()
      .filter(({ roles }) => roles.includes(browserRole()))
      .map((s) => s.statement);
  const browserActions = () => browserStatements().flatMap(actionsOf);

  it("cannot sign with the evidence key, or use any key", () => {
    const onKeys = browserStatements().filter((statement) =>
      actionsOf(statement).some((a) => a.toLowerCase().startsWith("kms:")),
    );
    expect(onKeys).toEqual([]);
    expect(JSON.stringify(browserStatements())).not.toContain(JSON.stringify(evidenceKeyArn));
  });

  it("cannot write (or read) the evidence bucket, or any bucket", () => {
    expect(browserActions().filter((a) => a.toLowerCase().startsWith("s3:"))).toEqual([]);
    expect(JSON.stringify(browserStatements())).not.toContain("evidence");
  });

  it("has no access to the table, so none to any tenant's items, and no queue", () => {
    expect(browserActions().filter((a) => /^(dynamodb|sqs|lambda|sns):/i.test(a))).toEqual([]);
    const variables =
      (resources[functionId("browser")]?.Properties?.Environment as { Variables?: Record<string, unknown> })
        ?.Variables ?? {};
    for (const name of [
      "TABLE_NAME",
      "EVIDENCE_BUCKET",
      "EVIDENCE_KEY_ID",
      "SESSION_KEY_ID",
      "CRAWL_QUEUE_URL",
      "RENDER_QUEUE_URL",
    ])
      expect(variables[name], name).toBeUndefined();
  });

  it("can write its own log group and nothing else", () => {
    for (const statement of browserStatements()) {
      for (const action of actionsOf(statement)) expect(action).toMatch(/^(logs|xray):/);
      if (actionsOf(statement).some((a) => a.startsWith("logs:")))
        expect(JSON.stringify(statement.Resource)).toContain("BrowserLogs");
    }
    expect(browserStatements().length).toBeGreaterThan(0);
  });

  it("is invoked by the render worker only, and is fed by no queue or stream", () => {
    const invokers = identityStatements().filter(({ statement }) =>
      JSON.stringify(statement.Resource).includes(JSON.stringify(functionId("browser"))),
    );
    expect(invokers).toEqual([
      {
        stack: "stateless",
        roles: [roleIdOf("render")],
        statement: {
          Effect: "Allow",
          Action: "lambda:InvokeFunction",
          Resource: { "Fn::GetAtt": [functionId("browser"), "Arn"] },
        },
      },
    ]);
    const mappings = ofType("AWS::Lambda::EventSourceMapping").map(([, m]) =>
      logicalIdOf(m.Properties?.FunctionName),
    );
    expect(mappings).not.toContain(functionId("browser"));
    const renderVariables =
      (resources[functionId("render")]?.Properties?.Environment as { Variables?: Record<string, unknown> })
        ?.Variables ?? {};
    expect(renderVariables.BROWSER_FUNCTION_NAME).toEqual({ Ref: functionId("browser") });
  });

  it("keeps signing and evidence writes with the render worker, where no browser runs", () => {
    const renderStatements = identityStatements()
      .filter(({ roles }) => roles.includes(roleIdOf("render")))
      .map((s) => s.statement);
    expect(renderStatements.flatMap(actionsOf)).toEqual(expect.arrayContaining(["kms:Sign", "s3:PutObject"]));
    const renderFunction = resources[functionId("render")]!;
    expect(renderFunction.Properties?.Architectures).toEqual(["arm64"]);
    expect(JSON.stringify(renderFunction.Properties?.Environment)).not.toContain("CHROMIUM_BIN_DIR");
  });
});
