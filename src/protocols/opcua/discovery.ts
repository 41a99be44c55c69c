// Endpoint discovery and certificate trust for the Connections view: what a server offers
// (security modes and policies, user token types), and the client's trusted/rejected server
// certificates in the PKI folder, which an engineer trusts or rejects by thumbprint.
import './stack-log';
import { readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { MessageSecurityMode, OPCUACertificateManager, OPCUAClient, UserTokenType } from 'node-opcua';

export interface DiscoveredEndpoint {
  endpointUrl: string;
  securityMode: string;
  securityPolicy: string;
  userTokens: string[];
  serverCertificateThumbprint?: string;
}

/** Ask a server for its endpoints (GetEndpoints over an unsecured channel, as UA intends). */
export async function discoverEndpoints(
  endpointUrl: string,
  pkiFolder: string,
): Promise<DiscoveredEndpoint[]> {
  const clientCertificateManager = new OPCUACertificateManager({ rootFolder: pkiFolder });
  await clientCertificateManager.initialize();
  const client = OPCUAClient.create({
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0 },
    clientCertificateManager,
  });
  try {
    await client.connect(endpointUrl);
    const endpoints = await client.getEndpoints();
    return endpoints.map((e) => ({
      endpointUrl: e.endpointUrl ?? endpointUrl,
      securityMode: MessageSecurityMode[e.securityMode],
      securityPolicy: (e.securityPolicyUri ?? '').split('#').pop() ?? '',
      userTokens: (e.userIdentityTokens ?? []).map((t) => UserTokenType[t.tokenType]),
    }));
  } finally {
    await client.disconnect().catch(() => {});
  }
}

export interface CertificateEntry {
  file: string;
  status: 'trusted' | 'rejected';
}

/** certificates the client has trusted or rejected (an unknown server's lands in rejected) */
export async function listCertificates(pkiFolder: string): Promise<CertificateEntry[]> {
  const manager = new OPCUACertificateManager({ rootFolder: pkiFolder });
  await manager.initialize();
  const out: CertificateEntry[] = [];
  for (const status of ['trusted', 'rejected'] as const) {
    const files = await readdir(certDir(manager.rootDir, status)).catch(() => [] as string[]);
    for (const file of files.filter((f) => /\.(pem|der)$/i.test(f))) out.push({ file, status });
  }
  return out;
}

/** move a certificate between rejected and trusted (the trust/reject buttons) */
export async function setCertificateTrust(pkiFolder: string, file: string, trust: boolean): Promise<void> {
  if (file.includes('/') || file.includes('\\') || file.startsWith('.'))
    throw new Error(`not a certificate file name: ${file}`);
  const manager = new OPCUACertificateManager({ rootFolder: pkiFolder });
  await manager.initialize();
  const from = join(certDir(manager.rootDir, trust ? 'rejected' : 'trusted'), file);
  const to = join(certDir(manager.rootDir, trust ? 'trusted' : 'rejected'), file);
  await rename(from, to).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      error.code === 'ENOENT' ? `no ${trust ? 'rejected' : 'trusted'} certificate ${file}` : error.message,
    );
  });
}

/** node-opcua's PKI layout: trusted/certs/*.pem, and rejected/*.pem directly */
function certDir(root: string, status: 'trusted' | 'rejected'): string {
  return status === 'trusted' ? join(root, 'trusted', 'certs') : join(root, 'rejected');
}

export { UserTokenType };
