import path from 'node:path';
import { blobRoot, createFileBlobStore, type BlobStore } from './blob-store.ts';
import { ConfigError, type Config } from './config.ts';
import { createS3Client, S3Error } from './s3-client.ts';
import { createS3BlobStore } from './s3-blob-store.ts';

type StoreConfig = Pick<Config, 'BLOB_STORE' | 'BLOB_DIR' | 'DATA_DIR' | 'S3_ENDPOINT' | 'S3_REGION' | 'S3_BUCKET' | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE' | 'S3_PREFIX' | 'S3_PART_SIZE_MB'>;

/** The blob store the configuration names: `BLOB_DIR/sealed` by default, an S3 bucket with BLOB_STORE=s3. */
export function createBlobStore(config: StoreConfig): BlobStore {
  if (config.BLOB_STORE === 'fs') return createFileBlobStore(path.join(blobRoot(config), 'sealed'));
  const client = createS3Client({
    endpoint: new URL(s3Endpoint(config)),
    region: config.S3_REGION,
    bucket: config.S3_BUCKET!,
    accessKeyId: config.S3_ACCESS_KEY_ID!,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  });
  return createS3BlobStore(client, { prefix: config.S3_PREFIX, partSize: config.S3_PART_SIZE_MB * 1024 * 1024 });
}

const s3Endpoint = (config: StoreConfig) => config.S3_ENDPOINT ?? `https://s3.${config.S3_REGION}.amazonaws.com`;

/**
 * Creates the configured store and proves it works; a store that does not stops start-up with a
 * ConfigError naming the variable to fix. Messages carry the endpoint and bucket, never a credential.
 */
export async function openBlobStore(config: StoreConfig): Promise<BlobStore> {
  const store = createBlobStore(config);
  try {
    await store.check?.();
  } catch (err) {
    store.close?.();
    throw new ConfigError(`Invalid configuration:\n  ${describeStoreFailure(config, err)}`);
  }
  return store;
}

export function describeStoreFailure(config: StoreConfig, err: unknown): string {
  const where = `bucket "${config.S3_BUCKET}" at ${new URL(s3Endpoint(config)).origin}`;
  if (!(err instanceof S3Error)) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string') return `S3_ENDPOINT: ${new URL(s3Endpoint(config)).origin} cannot be reached (${code})`;
    return `BLOB_STORE: the S3 store check failed on the ${where} (${(err as Error).name}: ${(err as Error).message})`;
  }
  switch (err.code) {
    case 'NoSuchBucket':
      return `S3_BUCKET: the ${where} does not exist`;
    case 'InvalidAccessKeyId':
      return `S3_ACCESS_KEY_ID: the store at ${new URL(s3Endpoint(config)).origin} does not know this access key`;
    case 'SignatureDoesNotMatch':
      return `S3_SECRET_ACCESS_KEY: the store refused the signature (the secret key does not belong to S3_ACCESS_KEY_ID)`;
    case 'AuthorizationHeaderMalformed':
    case 'PermanentRedirect':
    case 'IncorrectEndpoint':
    case 'HTTP301':
      return `S3_REGION: the ${where} is in another region, or S3_ENDPOINT is not its endpoint (${err.code})`;
    case 'AccessDenied':
      return `S3_ACCESS_KEY_ID: access to the ${where} was denied; the key needs s3:ListBucket on it and s3:PutObject, s3:GetObject, s3:AbortMultipartUpload, s3:DeleteObject on its objects`;
    default:
      return `BLOB_STORE: the S3 store check failed on the ${where} (${err.code}, HTTP ${err.status})`;
  }
}
