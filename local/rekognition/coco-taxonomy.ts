/**
 * COCO's 80 classes as Rekognition names them, with Rekognition-style parents (nearest first)
 * and label categories. Parents are also returned as labels of their own, as Rekognition does.
 */
export interface TaxonomyEntry {
  name: string;
  parents: string[];
  category: string;
}

const t = (name: string, parents: string[], category: string): TaxonomyEntry => ({ name, parents, category });
const animal = 'Animals and Pets';
const vehicle = 'Vehicles and Automotive';
const food = 'Food and Beverage';
const home = 'Home and Indoors';
const tech = 'Technology and Computing';
const sport = 'Sports';
const person = 'Person Description';
const everyday = 'Everyday Objects';

export const cocoTaxonomy: Record<string, TaxonomyEntry> = {
  person: t('Person', [], person),
  bicycle: t('Bicycle', ['Transportation', 'Vehicle'], vehicle),
  car: t('Car', ['Transportation', 'Vehicle'], vehicle),
  motorcycle: t('Motorcycle', ['Transportation', 'Vehicle'], vehicle),
  airplane: t('Airplane', ['Aircraft', 'Transportation', 'Vehicle'], vehicle),
  bus: t('Bus', ['Transportation', 'Vehicle'], vehicle),
  train: t('Train', ['Railway', 'Transportation', 'Vehicle'], vehicle),
  truck: t('Truck', ['Transportation', 'Vehicle'], vehicle),
  boat: t('Boat', ['Transportation', 'Vehicle', 'Watercraft'], vehicle),
  'traffic light': t('Traffic Light', ['Light'], 'Travel and Transportation'),
  'fire hydrant': t('Fire Hydrant', ['Hydrant'], 'Public Safety'),
  'stop sign': t('Stop Sign', ['Road Sign', 'Sign', 'Symbol'], 'Travel and Transportation'),
  'parking meter': t('Parking Meter', [], 'Travel and Transportation'),
  bench: t('Bench', ['Furniture'], 'Furniture and Furnishings'),
  bird: t('Bird', ['Animal'], animal),
  cat: t('Cat', ['Animal', 'Mammal', 'Pet'], animal),
  dog: t('Dog', ['Animal', 'Canine', 'Mammal', 'Pet'], animal),
  horse: t('Horse', ['Animal', 'Mammal'], animal),
  sheep: t('Sheep', ['Animal', 'Livestock', 'Mammal'], animal),
  cow: t('Cow', ['Animal', 'Cattle', 'Livestock', 'Mammal'], animal),
  elephant: t('Elephant', ['Animal', 'Mammal', 'Wildlife'], animal),
  bear: t('Bear', ['Animal', 'Mammal', 'Wildlife'], animal),
  zebra: t('Zebra', ['Animal', 'Mammal', 'Wildlife'], animal),
  giraffe: t('Giraffe', ['Animal', 'Mammal', 'Wildlife'], animal),
  backpack: t('Backpack', ['Bag'], 'Apparel and Accessories'),
  umbrella: t('Umbrella', [], 'Apparel and Accessories'),
  handbag: t('Handbag', ['Accessories', 'Bag'], 'Apparel and Accessories'),
  tie: t('Tie', ['Accessories', 'Formal Wear'], 'Apparel and Accessories'),
  suitcase: t('Suitcase', ['Baggage'], 'Travel and Adventure'),
  frisbee: t('Frisbee', ['Toy'], 'Toys and Gaming'),
  skis: t('Skiing', ['Sport', 'Snow', 'Outdoors'], sport),
  snowboard: t('Snowboarding', ['Sport', 'Snow', 'Outdoors'], sport),
  'sports ball': t('Sports Ball', ['Ball', 'Sport'], sport),
  kite: t('Kite', ['Toy'], 'Toys and Gaming'),
  'baseball bat': t('Baseball Bat', ['Sport', 'Baseball'], sport),
  'baseball glove': t('Baseball Glove', ['Sport', 'Baseball', 'Glove'], sport),
  skateboard: t('Skateboard', ['Sport', 'Skating'], sport),
  surfboard: t('Surfing', ['Sport', 'Water', 'Sea Waves'], sport),
  'tennis racket': t('Racket', ['Sport', 'Tennis'], sport),
  bottle: t('Bottle', [], everyday),
  'wine glass': t('Glass', ['Beverage', 'Alcohol'], food),
  cup: t('Cup', [], food),
  fork: t('Fork', ['Cutlery'], home),
  knife: t('Knife', ['Cutlery', 'Weapon'], home),
  spoon: t('Spoon', ['Cutlery'], home),
  bowl: t('Bowl', [], home),
  banana: t('Banana', ['Food', 'Fruit', 'Plant', 'Produce'], food),
  apple: t('Apple', ['Food', 'Fruit', 'Plant', 'Produce'], food),
  sandwich: t('Sandwich', ['Food', 'Meal'], food),
  orange: t('Orange', ['Citrus Fruit', 'Food', 'Fruit', 'Plant', 'Produce'], food),
  broccoli: t('Broccoli', ['Food', 'Plant', 'Produce', 'Vegetable'], food),
  carrot: t('Carrot', ['Food', 'Plant', 'Produce', 'Vegetable'], food),
  'hot dog': t('Hot Dog', ['Food', 'Meal'], food),
  pizza: t('Pizza', ['Food', 'Meal'], food),
  donut: t('Donut', ['Dessert', 'Food', 'Sweets'], food),
  cake: t('Cake', ['Dessert', 'Food', 'Sweets'], food),
  chair: t('Chair', ['Furniture'], 'Furniture and Furnishings'),
  couch: t('Couch', ['Furniture'], 'Furniture and Furnishings'),
  'potted plant': t('Potted Plant', ['Plant'], 'Plants and Flowers'),
  bed: t('Bed', ['Furniture'], 'Furniture and Furnishings'),
  'dining table': t('Dining Table', ['Furniture', 'Table'], 'Furniture and Furnishings'),
  toilet: t('Toilet', ['Bathroom', 'Indoors'], home),
  tv: t('TV', ['Electronics', 'Screen'], tech),
  laptop: t('Laptop', ['Computer', 'Electronics', 'Pc'], tech),
  mouse: t('Mouse', ['Computer Hardware', 'Electronics', 'Hardware'], tech),
  remote: t('Remote Control', ['Electronics'], tech),
  keyboard: t('Computer Keyboard', ['Computer Hardware', 'Electronics', 'Hardware'], tech),
  'cell phone': t('Mobile Phone', ['Electronics', 'Phone'], tech),
  microwave: t('Microwave', ['Appliance', 'Device'], home),
  oven: t('Oven', ['Appliance', 'Device'], home),
  toaster: t('Toaster', ['Appliance', 'Device'], home),
  sink: t('Sink', ['Indoors'], home),
  refrigerator: t('Refrigerator', ['Appliance', 'Device'], home),
  book: t('Book', ['Publication'], everyday),
  clock: t('Clock', [], everyday),
  vase: t('Vase', ['Pottery', 'Jar'], home),
  scissors: t('Scissors', ['Blade', 'Weapon'], everyday),
  'teddy bear': t('Teddy Bear', ['Toy'], 'Toys and Gaming'),
  'hair drier': t('Blow Dryer', ['Appliance', 'Device'], 'Beauty and Personal Care'),
  toothbrush: t('Toothbrush', ['Brush', 'Tool'], 'Beauty and Personal Care'),
};

/** Faces come from a separate detector; Rekognition names them Face under Head and Person. */
export const faceEntry: TaxonomyEntry = t('Face', ['Head', 'Person'], person);
