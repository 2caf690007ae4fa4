/**
 * Accounts and endpoints: tokens, the session, saved endpoints, sign in/out,
 * the AuthenticationProvider, the environment-token offer and the endpoint
 * status bar. This file is the feature's only door: other features and the
 * wiring import from here, never from the files beside it.
 */
export { addEndpoint } from './addEndpoint';
export { createAuthPrompts, type AuthPrompts } from './authPrompts';
export { registerAuthenticationProvider, type SeqeraAuthenticationProvider } from './authProvider';
export { createEndpointPrompts, type EndpointPrompts } from './endpointPrompts';
export { readEndpoints } from './endpointSettings';
export { EndpointStatus } from './endpointStatus';
export { currentChoices, switchToEndpoint } from './endpointSwitch';
export { makeEndpoint } from './savedEndpoints';
export { registerEnvTokenOffer } from './envImport';
export { importEnvToken } from './importEnvToken';
export { removeEndpoint } from './removeEndpoint';
export { requireSignIn } from './requireSignIn';
export { ServiceInfoStore } from './serviceInfoStore';
export { SessionStore, type SessionState, type SignedInUser } from './session';
export { registerSessionSync } from './sessionSync';
export { signIn } from './signIn';
export { registerExistingCredentialsOffer, signInWithExistingCredentials } from './signInExisting';
export { signOut } from './signOut';
export { showStatusMenu } from './statusMenu';
export { switchEndpoint } from './switchEndpoint';
export { TokenStore } from './tokenStore';
export { useEnterpriseEndpoint } from './useEnterpriseEndpoint';
