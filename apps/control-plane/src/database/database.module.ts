import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { VigilConfig } from '../config/config';
import { VIGIL_CONFIG } from '../config/config.module';
import { DatabaseConnection } from './database-connection';

/** Opens the database (and runs migrations) before any service starts; closes it last. */
@Global()
@Module({
  providers: [
    { provide: DatabaseConnection, inject: [VIGIL_CONFIG], useFactory: (config: VigilConfig) => DatabaseConnection.open(config) },
    { provide: DataSource, inject: [DatabaseConnection], useFactory: (conn: DatabaseConnection) => conn.dataSource },
  ],
  exports: [DatabaseConnection, DataSource],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DatabaseConnection) private readonly connection: DatabaseConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
