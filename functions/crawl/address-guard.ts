// The guard is shared by every outbound connection (crawl, render, notify, SMTP); it lives in functions/net.
export {
  type AddressCheck,
  addressRefusal,
  checkHostAddress,
  checkUrlAddress,
  type LookupFn,
  systemLookup,
} from "../net/address-guard.js";
