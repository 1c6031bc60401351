import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as cognito from "aws-cdk-lib/aws-cognito";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { ADMIN_GROUP } from "../../functions/api/admin-caller.js";

export interface PricewardenHttpApiProps {
  handler: lambda.IFunction;
  envName: string;
  isProd: boolean;
  logRetention: logs.RetentionDays;
}

/** Environment variables the API function needs for the browser sign-in. */
export interface BrowserAuthEnvironment {
  /** `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`: the ID token's `iss`. */
  AUTH_ISSUER: string;
  /** Hosted UI base URL, `https://{prefix}.auth.{region}.amazoncognito.com`. */
  AUTH_DOMAIN: string;
  /** The `Web` app client: the ID token's `aud`. */
  AUTH_WEB_CLIENT_ID: string;
  /** The API's endpoint, no trailing slash: base of the callback and sign-out URLs. */
  PUBLIC_BASE_URL: string;
}

/** Words Cognito refuses in a prefix domain. */
const RESERVED_PREFIX_WORDS = ["aws", "amazon", "cognito"];

/**
 * The HTTP API behind Cognito. `/api/*` and `/admin/*` are programmatic: API Gateway verifies
 * the bearer JWT (audience: the `Dashboard` client); `/admin/*` also needs the token's user in
 * the `pricewarden-admin` group, which the function checks. Every other path (`/`, dashboard pages, `/login`,
 * `/auth/callback`, `/logout`, `/signed-out`) reaches the function without a gateway
 * authorizer: the function signs browsers in through the hosted UI (`Web` client, code + PKCE)
 * and authenticates them by a session cookie holding the verified ID token. Either way the
 * function reads the verified claims `custom:tenant`, `custom:role` and `custom:distributor`
 * and scopes every read by them. Users are created by an administrator (no self sign-up): a
 * distributor must never be able to mint itself a brand role.
 */
export class PricewardenHttpApi extends Construct {
  readonly userPool: cognito.UserPool;
  readonly api: apigw.HttpApi;
  readonly domain: cognito.UserPoolDomain;
  /** The browser sign-in client (hosted UI, authorization code + PKCE, no secret). */
  readonly webClient: cognito.UserPoolClient;
  /** What the function needs for the browser sign-in; set with `addEnvironment`. */
  readonly authEnvironment: BrowserAuthEnvironment;

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
    // Platform administrators (tenant registration, the admin API). Membership is set by an
    // AWS operator (`admin-add-user-to-group`); it is not a tenant role and reads no tenant's data.
    new cognito.CfnUserPoolGroup(this, "Admins", {
      userPoolId: this.userPool.userPoolId,
      groupName: ADMIN_GROUP,
      description: "Pricewarden platform administrators: register, change, pause and resume tenants",
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

    const account = Stack.of(this).account;
    const domainPrefix = `pricewarden-${props.envName}-${account}`;
    const reserved = RESERVED_PREFIX_WORDS.find((word) => domainPrefix.includes(word));
    if (reserved) throw new Error(`Cognito domain prefix ${domainPrefix} contains "${reserved}"`);
    this.domain = this.userPool.addDomain("Domain", {
      cognitoDomain: { domainPrefix },
      // The classic hosted UI needs no branding resource; managed login (version 2) would show
      // an error page to every client without an AWS::Cognito::ManagedLoginBranding.
      managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
    });

    const accessLogs = new logs.LogGroup(this, "AccessLogs", {
      retention: props.logRetention,
      removalPolicy,
    });
    this.api = new apigw.HttpApi(this, "HttpApi", {
      apiName: `pricewarden-${props.envName}`,
      description: "Pricewarden alerts, listings, history, exports and dashboard",
      createDefaultStage: false,
    });
    const issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
    const integration = new HttpLambdaIntegration("Handler", props.handler);
    // Programmatic API: bearer tokens of the Dashboard client, verified by API Gateway.
    const bearer = new HttpJwtAuthorizer("Cognito", issuer, {
      jwtAudience: [client.userPoolClientId],
      identitySource: ["$request.header.Authorization"],
    });
    this.api.addRoutes({
      path: "/api/{proxy+}",
      methods: [apigw.HttpMethod.ANY],
      integration,
      authorizer: bearer,
    });
    // Tenant administration: the same bearer check at the gateway; the function then requires
    // the token's cognito:groups to hold the administrators' group (403 otherwise).
    this.api.addRoutes({
      path: "/admin/{proxy+}",
      methods: [apigw.HttpMethod.ANY],
      integration,
      authorizer: bearer,
    });
    // Browser paths: no gateway authorizer (a browser sends no Authorization header); the
    // function authenticates them by the session cookie and sends the rest to the hosted UI.
    const browserRoutes = [
      ...this.api.addRoutes({
        path: "/",
        methods: [apigw.HttpMethod.GET],
        integration,
        authorizer: new apigw.HttpNoneAuthorizer(),
      }),
      ...this.api.addRoutes({
        path: "/{proxy+}",
        methods: [apigw.HttpMethod.ANY],
        integration,
        authorizer: new apigw.HttpNoneAuthorizer(),
      }),
    ];
    for (const route of browserRoutes) {
      Validations.of(route).acknowledge({
        id: "AwsSolutions-APIG4",
        reason:
          "Browser route: the function itself authenticates it with a Cognito ID token (signature, issuer, audience, expiry verified against the pool's JWKS) carried in a Secure, HttpOnly, SameSite=Lax cookie, and redirects unauthenticated browsers to the Cognito hosted UI; /api/* keeps the gateway JWT authorizer.",
      });
    }

    const base = this.api.apiEndpoint;
    this.webClient = this.userPool.addClient("Web", {
      // Same direct sign-in flow as the Dashboard client; browsers use the hosted UI.
      authFlows: { userSrp: true },
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${base}/auth/callback`],
        logoutUrls: [`${base}/signed-out`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      // The function never uses refresh tokens: the minimum Cognito allows (and ≥ the ID token's).
      refreshTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
      // The ID token must carry email and the administrator-set scoping attributes.
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes("tenant", "role", "distributor"),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    this.authEnvironment = {
      AUTH_ISSUER: issuer,
      AUTH_DOMAIN: this.domain.baseUrl(),
      AUTH_WEB_CLIENT_ID: this.webClient.userPoolClientId,
      PUBLIC_BASE_URL: base,
    };
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
    new CfnOutput(this, "WebClientId", { value: this.webClient.userPoolClientId });
    new CfnOutput(this, "LoginUrl", { value: `${base}/login` });
  }
}
