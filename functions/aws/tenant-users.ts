import {
  AdminCreateUserCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";

/** A tenant's user: a brand user, or a distributor's (scoped to that distributor). */
export type TenantUser =
  | { email: string; tenant: string; role: "brand" }
  | { email: string; tenant: string; role: "distributor"; distributor: string };

export interface TenantUserDirectory {
  /** Creates the user with its scope; "exists" when the address already has an account (untouched). */
  create(user: TenantUser): Promise<"created" | "exists">;
}

/**
 * Tenant users in the Cognito user pool, created by the platform (`AdminCreateUser`): Cognito
 * e-mails the temporary password; the user sets a password and TOTP at the first sign-in. The
 * scope is the administrator-only attributes the API reads (`custom:tenant`, `custom:role`,
 * `custom:distributor`). An existing account is never changed: re-scoping a user to another
 * tenant is not something a typo in an address may do.
 */
export class CognitoTenantUsers implements TenantUserDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async create(user: TenantUser): Promise<"created" | "exists"> {
    const attributes: AttributeType[] = [
      { Name: "email", Value: user.email },
      // The administrator vouches for the address: the invitation goes there.
      { Name: "email_verified", Value: "true" },
      { Name: "custom:tenant", Value: user.tenant },
      { Name: "custom:role", Value: user.role },
      ...(user.role === "distributor" ? [{ Name: "custom:distributor", Value: user.distributor }] : []),
    ];
    try {
      await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: user.email,
          UserAttributes: attributes,
          DesiredDeliveryMediums: ["EMAIL"],
        }),
      );
      return "created";
    } catch (error) {
      if (error instanceof Error && error.name === "UsernameExistsException") return "exists";
      throw error;
    }
  }
}
