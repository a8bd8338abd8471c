// Chooses where Terraform keeps a stack's state (local file by default, S3 when configured) without touching the network at synth.
import { LocalBackend, S3Backend, type TerraformStack } from 'cdktn';
import { type StateBackendConfig } from './config';

export function configureStateBackend(stack: TerraformStack, backend: StateBackendConfig): void {
  switch (backend.kind) {
    case 'local':
      // Relative paths resolve against the stack's working directory (infra/cdktf.out/stacks/<stack>/).
      new LocalBackend(stack, { path: backend.path });
      return;
    case 's3':
      new S3Backend(stack, {
        bucket: backend.bucket,
        key: backend.key,
        region: backend.region,
        encrypt: true,
        useLockfile: true,
      });
      return;
  }
}
