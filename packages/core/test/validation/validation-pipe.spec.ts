import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsInt,
  IsString,
  Min,
  ValidateNested,
} from 'class-validator';
import { BadRequestException, ValidationPipe } from '@mvent/core';

class LineItem {
  @IsString()
  sku!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

class OrderDto {
  @IsString()
  customer!: string;

  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @Type(() => LineItem)
  items!: LineItem[];
}

class AuditDto {
  @IsString({ groups: ['admin'] })
  note!: string;

  @IsInt({ groups: ['stats'] })
  count!: number;
}

const strict = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
});

describe('ValidationPipe', () => {
  describe('validate', () => {
    it('should transform a valid nested payload into DTO instances', async () => {
      const result = await strict.validate(
        { customer: 'ada', items: [{ sku: 'x', quantity: 2 }] },
        OrderDto,
      );
      expect(result.valid).toBe(true);
      if (result.valid) {
        expect(result.value).toBeInstanceOf(OrderDto);
        expect(result.value.items[0]).toBeInstanceOf(LineItem);
      }
    });

    it('should return violations in nested arrays as data with paths, constraints and values', async () => {
      const result = await strict.validate(
        {
          customer: 7,
          items: [
            { sku: 'x', quantity: 1 },
            { sku: 3, quantity: 0 },
          ],
        },
        OrderDto,
      );
      expect(result).toEqual({
        valid: false,
        violations: [
          {
            property: 'customer',
            constraints: { isString: 'customer must be a string' },
            value: 7,
          },
          {
            property: 'items.1.sku',
            constraints: { isString: 'sku must be a string' },
            value: 3,
          },
          {
            property: 'items.1.quantity',
            constraints: { min: 'quantity must not be less than 1' },
            value: 0,
          },
        ],
      });
    });

    it('should reject unknown fields with forbidNonWhitelisted, and strip them with whitelist alone', async () => {
      const payload = {
        customer: 'ada',
        items: [{ sku: 'x', quantity: 1, price: 9 }],
        admin: true,
      };
      const rejected = await strict.validate(payload, OrderDto);
      expect(rejected.valid).toBe(false);
      if (!rejected.valid) {
        expect(
          rejected.violations.map(v => [
            v.property,
            Object.keys(v.constraints),
          ]),
        ).toEqual([
          ['admin', ['whitelistValidation']],
          ['items.0.price', ['whitelistValidation']],
        ]);
      }

      const stripped = await new ValidationPipe({
        whitelist: true,
        transform: true,
      }).validate(payload, OrderDto);
      expect(stripped.valid && stripped.value).toEqual({
        customer: 'ada',
        items: [{ sku: 'x', quantity: 1 }],
      });
    });

    it('should validate only the requested groups', async () => {
      const admin = new ValidationPipe({ groups: ['admin'] });
      expect(
        (await admin.validate({ note: 5, count: 1 }, AuditDto)).valid,
      ).toBe(false);
      expect(
        (await admin.validate({ note: 'ok', count: 'x' }, AuditDto)).valid,
      ).toBe(true);
    });

    it('should return the payload itself without transform, and skip non-DTO types', async () => {
      const payload = { customer: 'ada', items: [{ sku: 'x', quantity: 1 }] };
      const result = await new ValidationPipe().validate(payload, OrderDto);
      expect(result).toEqual({ valid: true, value: payload });
      expect(await strict.validate('text', String)).toEqual({
        valid: true,
        value: 'text',
      });
    });

    it('should reject a payload that is not an object', async () => {
      expect(await strict.validate(null, OrderDto)).toEqual({
        valid: false,
        violations: [
          {
            property: '',
            constraints: { isObject: 'payload must be a OrderDto object' },
            value: null,
          },
        ],
      });
    });
  });

  describe('transform', () => {
    it('validates synchronously unless the DTO has nested or async constraints', async () => {
      const flat = strict.transform(
        { sku: 'a', quantity: 1 },
        { type: 'body', metatype: LineItem },
      );
      expect(flat).toBeInstanceOf(LineItem);
      const nested = strict.transform(
        { customer: 'ada', items: [{ sku: 'a', quantity: 1 }] },
        { type: 'body', metatype: OrderDto },
      );
      expect(nested).toBeInstanceOf(Promise);
      await expect(nested).resolves.toBeInstanceOf(OrderDto);
      expect(() =>
        strict.transform({ sku: 'a' }, { type: 'body', metatype: LineItem }),
      ).toThrow('Validation failed');
    });

    it('should throw a BadRequestException whose body lists the violations', async () => {
      let error = undefined as unknown as BadRequestException;
      try {
        await strict.transform(
          { customer: 'ada', items: [] },
          { type: 'body', metatype: OrderDto },
        );
      } catch (thrown) {
        error = thrown as BadRequestException;
      }
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.getStatus()).toBe(400);
      expect(error.getResponse()).toMatchObject({
        message: 'Validation failed',
        violations: [
          {
            property: 'items',
            constraints: { arrayMinSize: expect.stringMatching(/at least 1/) },
          },
        ],
      });
    });
  });
});

describe("pydantic's coercion", () => {
  class AgeDto {
    @IsInt()
    age!: number;
  }
  const metadata = { type: 'body' as const, metatype: AgeDto };

  it('refuses "2" for an integer by default, and converts it with enableImplicitConversion', () => {
    const strictPipe = new ValidationPipe(ValidationPipe.DEFAULT_OPTIONS);
    expect(() => strictPipe.transform({ age: '2' }, metadata)).toThrow(
      BadRequestException,
    );
    const coercing = new ValidationPipe({
      ...ValidationPipe.DEFAULT_OPTIONS,
      transformOptions: { enableImplicitConversion: true },
    });
    const converted = coercing.transform({ age: '2' }, metadata) as AgeDto;
    expect(converted).toBeInstanceOf(AgeDto);
    expect(converted.age).toBe(2);
    expect(() => coercing.transform({ age: 'two' }, metadata)).toThrow(
      BadRequestException,
    );
  });
});

describe('ValidationPipe.validateSync', () => {
  it('should give the same outcome as validate without yielding', () => {
    expect(
      strict.validateSync(
        { customer: 'ada', items: [{ sku: 'x', quantity: 0 }] },
        OrderDto,
      ),
    ).toEqual({
      valid: false,
      violations: [
        {
          property: 'items.0.quantity',
          constraints: { min: 'quantity must not be less than 1' },
          value: 0,
        },
      ],
    });
    const ok = strict.validateSync(
      { customer: 'ada', items: [{ sku: 'x', quantity: 1 }] },
      OrderDto,
    );
    expect(ok.valid && ok.value).toBeInstanceOf(OrderDto);
  });
});
