/** The token URL's path of the Tigo documents (000, 001): an Apigee OAuthV2 proxy. The server and the clients share it. */
export const TOKEN_PATH = '/oauth/client_credential/accesstoken'
