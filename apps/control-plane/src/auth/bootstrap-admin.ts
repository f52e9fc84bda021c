import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ApiKeysService } from './api-keys.service';

/** On first start with an empty database, creates the admin key and prints it once. */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  constructor(private readonly apiKeys: ApiKeysService) {}

  async onApplicationBootstrap(): Promise<void> {
    const token = await this.apiKeys.bootstrap();
    if (token) {
      // stdout, not the log: the operator must see it, and it must not reach log shipping twice.
      process.stdout.write(
        `\n  Vigil bootstrap admin API key (shown once, store it now):\n\n    ${token}\n\n  Use it as "Authorization: Bearer <key>"; create narrower keys with POST /v1/api-keys.\n\n`,
      );
    }
  }
}
