-- Walk-ins (trucks without a slot at a gate with a published capacity plan) queue in their own, lowest class (issue 12).

-- AlterEnum
ALTER TYPE "priority_class" ADD VALUE 'walk_in';
