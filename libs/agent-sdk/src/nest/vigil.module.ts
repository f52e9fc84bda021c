/**
 * `VigilModule.forRoot({...})`: one engine per application, fed by the control plane's
 * push stream (the same engine as the agent), closed with the application. Apply
 * `VigilGuard` globally (APP_GUARD) or per controller with `@UseGuards(VigilGuard)`.
 */
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { VigilEngine, type VigilEngineOptions } from '../vigil-engine';
import { VIGIL_ENGINE, VIGIL_GUARD_OPTIONS, VigilGuard, type VigilGuardOptions } from './vigil.guard';

export interface VigilModuleOptions extends VigilEngineOptions, VigilGuardOptions {
  /** Start the push stream when the module is created (default true; tests may feed the engine themselves). */
  readonly connect?: boolean;
}

@Module({})
export class VigilModule implements OnApplicationShutdown {
  constructor(@Inject(VIGIL_ENGINE) private readonly engine: VigilEngine) {}

  static forRoot(options: VigilModuleOptions): DynamicModule {
    return {
      module: VigilModule,
      global: true,
      providers: [
        {
          provide: VIGIL_ENGINE,
          useFactory: async () => {
            const engine = await VigilEngine.create(options);
            if (options.connect ?? true) engine.start();
            return engine;
          },
        },
        { provide: VIGIL_GUARD_OPTIONS, useValue: { entrypoint: options.entrypoint, input: options.input } satisfies VigilGuardOptions },
        VigilGuard,
      ],
      exports: [VIGIL_ENGINE, VigilGuard],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.engine.close();
  }
}
