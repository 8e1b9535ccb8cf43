import { MetadataScanner } from '@mvent/core';

describe('MetadataScanner', () => {
  describe('getAllMethodNames', () => {
    it('should list methods up the prototype chain once, skipping accessors and the constructor', () => {
      class Base {
        shared() {}
        baseOnly() {}
      }
      class Child extends Base {
        get computed() {
          throw new Error('getters must not be read');
        }
        override shared() {}
        childOnly() {}
      }
      expect(new MetadataScanner().getAllMethodNames(Child.prototype)).toEqual([
        'shared',
        'childOnly',
        'baseOnly',
      ]);
    });
  });
});
