import { Module } from '../decorators/module.decorator';
import { DiscoveryService } from './discovery.service';

/**
 * Provides the {@link DiscoveryService}. Engine modules import it.
 *
 * @publicApi
 */
@Module({ providers: [DiscoveryService], exports: [DiscoveryService] })
export class DiscoveryModule {}
