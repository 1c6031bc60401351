import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as cognito from "aws-cdk-lib/aws-cognito";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

export interface PricewardenHttpApiProps {
  handler: lambda.IFunction;
  envName: string;
  isProd: boolean;
  logRetention: logs.RetentionDays;
}

/**
 * The HTTP API behind Cognito: API Gateway verifies the JWT; the function reads the verified
 * claims `custom:tenant`, `custom:role` and `custom:distributor` and scopes every read by them.
 * Users are created by an administrator (no self sign-up): a distributor must never be able to
 * mint itself a brand role.
 */
export class PricewardenHttpApi extends Construct {
  readonly userPool: cognito.UserPool;
  readonly api: apigw.HttpApi;

  constructor(scope: Construct, id: string, props: PricewardenHttpApiProps) {
    super(scope, id);
    const removalPolicy = props.isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.userPool = new cognito.UserPool(this, "Users", {
      userPoolName: `pricewarden-${props.envName}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Administrators set these; users cannot write them (see the client's writeAttributes).
      customAttributes: {
        tenant: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        role: new cognito.StringAttribute({ minLen: 5, maxLen: 16, mutable: true }),
        distributor: new cognito.StringAttribute({ minLen: 0, maxLen: 64, mutable: true }),
      },
      removalPolicy,
    });
    const client = this.userPool.addClient("Dashboard", {
      authFlows: { userSrp: true },
      generateSecret: false,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
      preventUserExistenceErrors: true,
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    const accessLogs = new logs.LogGroup(this, "AccessLogs", {
      retention: props.logRetention,
      removalPolicy,
    });
    this.api = new apigw.HttpApi(this, "HttpApi", {
      apiName: `pricewarden-${props.envName}`,
      description: "Pricewarden alerts, listings, history, exports and dashboard",
      defaultAuthorizer: new HttpJwtAuthorizer(
        "Cognito",
        `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`,
        { jwtAudience: [client.userPoolClientId], identitySource: ["$request.header.Authorization"] },
      ),
      defaultIntegration: new HttpLambdaIntegration("Handler", props.handler),
      createDefaultStage: false,
    });
    const stage = this.api.addStage("Stage", {
      stageName: "$default",
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
    });
    const cfnStage = stage.node.defaultChild as apigw.CfnStage;
    cfnStage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: "$context.requestId",
        ip: "$context.identity.sourceIp",
        time: "$context.requestTime",
        method: "$context.httpMethod",
        path: "$context.path",
        status: "$context.status",
        latency: "$context.responseLatency",
        sub: "$context.authorizer.claims.sub",
      }),
    };
    Validations.of(this.userPool).acknowledge({
      id: "AwsSolutions-COG2",
      reason: "MFA is REQUIRED (TOTP); the check flags any pool without SMS as well.",
    });
    new CfnOutput(this, "ApiUrl", { value: this.api.apiEndpoint });
    new CfnOutput(this, "UserPoolId", { value: this.userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: client.userPoolClientId });
  }
}
