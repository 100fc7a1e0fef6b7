// Shapes the segment models share: orders in, a JSON-serializable site segments model out.

/** One order line as an order log holds it (one row of the CSV). Times are milliseconds since the epoch. */
export interface OrderLine {
  customer: string;
  orderId: string;
  time: number;
  item: string;
  quantity: number;
  price: number;
  category?: string;
  brand?: string;
  country?: string;
}

/** A product line inside an order. */
export interface OrderItem {
  item: string;
  quantity: number;
  price: number;
  category?: string;
  brand?: string;
}

/** One order: what a customer bought at one time. */
export interface Order {
  customer: string;
  orderId: string;
  /** Milliseconds since the epoch. */
  time: number;
  total: number;
  items: OrderItem[];
}

/** Quintile cut points (4 each) that score recency, frequency and monetary 1-5. */
export interface RfmModel {
  recencyDays: number[];
  frequency: number[];
  monetary: number[];
}

/** Stage boundaries in days since the last order, plus the site's usual gap between orders. */
export interface LifecycleModel {
  atRiskDays: number;
  lapsedDays: number;
  churnedDays: number;
  medianGapDays: number;
}

/** k-means centroids in standardized feature space, with the scaling that maps a customer there. */
export interface ClusterModel {
  features: string[];
  mean: number[];
  std: number[];
  /** k rows of features.length values each. */
  centroids: number[][];
  names: string[];
  sizes: number[];
}

/** A logistic regression over standardized propensity features. */
export interface LogisticModel {
  features: string[];
  mean: number[];
  std: number[];
  /** One weight per feature, then the intercept. */
  weights: number[];
  /** What a positive label means, e.g. "orders in the next 90 days". */
  target: string;
  horizonDays: number;
  /** BG/NBD [r, alpha, a, b] fitted at training time; two of the features need it. */
  bgnbd?: number[];
}

/** Everything the device needs to segment a visitor as the site does. Plain JSON. */
export interface SiteSegmentsModel {
  version: 1;
  trainedAt: number;
  customers: number;
  rfm: RfmModel;
  lifecycle: LifecycleModel;
  clusters: ClusterModel | null;
  propensity: { purchase: LogisticModel | null; churn: LogisticModel | null };
  /** Unit-price tertile cut points that name the low / mid / high price bands. */
  priceBands: number[] | null;
}
