import { Global, Module, type DynamicModule } from '@nestjs/common';
import { type VigilConfig } from './config';

/** Injection token of the validated VigilConfig. */
export const VIGIL_CONFIG = Symbol('VIGIL_CONFIG');

/** Provides the one validated configuration to every module. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: VigilConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: VIGIL_CONFIG, useValue: config }], exports: [VIGIL_CONFIG] };
  }
}
