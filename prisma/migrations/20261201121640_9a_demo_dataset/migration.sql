-- CreateTable
CREATE TABLE "demo_dataset" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "seed" INTEGER NOT NULL,
    "scale" DOUBLE PRECISION NOT NULL,
    "as_of" DATE NOT NULL,

    CONSTRAINT "demo_dataset_pkey" PRIMARY KEY ("id")
);
